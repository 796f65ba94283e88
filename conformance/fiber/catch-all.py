# A catch-all handler for errors lets GreenletExit and Timeout through in Python: they are BaseExceptions, which
# `except Exception` does not catch. So a greenlet that handles its own errors is still killed by kill() and still
# interrupted by its Timeout.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit, err_name
import gevent
from gevent import Timeout


def careful(name):
    for attempt in range(3):
        try:
            gevent.sleep(0.5)
        except Exception as e:
            emit(name, 'handled', err_name(e), 'and retries')
    emit(name, 'gave up')


g = gevent.spawn(careful, 'killed')
gevent.sleep(0)
g.kill()
emit('kill', 'dead', g.dead, 'value', err_name(g.value))

t = Timeout.start_new(0.01)
try:
    careful('timed')
except Timeout as e:
    emit('timeout reached its owner', e is t)
finally:
    t.cancel()
