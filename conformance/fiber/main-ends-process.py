# When the main greenlet returns, the program ends: greenlets still sleeping are abandoned, exit status 0.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
import gevent


def sleeper(name):
    emit('sleeper starts', name)
    gevent.sleep(0.2)
    emit('sleeper wakes', name)


gevent.spawn(sleeper, 'a')
gevent.spawn_later(0.2, sleeper, 'late')
gevent.sleep(0.01)
emit('main returns')
