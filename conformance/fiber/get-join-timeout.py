# Waiting on a greenlet with a deadline: get(block=False) and get(timeout=) raise Timeout while it runs, join(timeout=)
# returns None either way, and get() returns its value once it has ended; the Timeout says its seconds.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit, err_name
import gevent


def slow():
    gevent.sleep(0.3)
    return 'value'


g = gevent.spawn(slow)
try:
    g.get(block=False)
except gevent.Timeout as e:
    emit('get(block=False) raised', err_name(e), str(e))
try:
    g.get(timeout=0.01)
except gevent.Timeout as e:
    emit('get(timeout) raised', err_name(e), str(e))
emit('join(timeout) returns', g.join(timeout=0.01), 'dead', g.dead)
emit('join returns', g.join(), 'dead', g.dead)
emit('get', g.get(), g.get(block=False))
emit('Timeout(1)', str(gevent.Timeout(1)), 'Timeout()', str(gevent.Timeout()))
