# An uncaught error in the main greenlet ends the program as any Python script ends: its traceback on stderr, exit
# status 1, and the greenlets still waiting never run again.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
import gevent


def other():
    emit('other runs')
    gevent.sleep(0.2)
    emit('other after sleep')


emit('main starts')
gevent.spawn(other)
gevent.sleep(0.01)
emit('main raises')
raise KeyError('main')
