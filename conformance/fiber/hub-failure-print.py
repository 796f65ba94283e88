# What the hub prints when something it runs fails: the traceback, then the UTC time and the failed thing by its repr
# (a callback, a timer, a named greenlet, a link with the greenlet it was linked to), and it goes on running.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
import gevent


def callback():
    emit('callback runs')
    raise ValueError('callback')


def timer_fired():
    emit('timer fires')
    raise IndexError('timer')


def boom(n):
    emit('boom', n)
    raise KeyError(n)


def quiet():
    emit('quiet runs')


def bad_link(g):
    emit('rawlink runs')
    raise TypeError('link')


hub = gevent.get_hub()
hub.loop.run_callback(callback)
timer = hub.loop.timer(0.02)
timer.start(timer_fired)
g = gevent.Greenlet(boom, 1)
g.name = 'worker'
g.start()
q = gevent.spawn(quiet)
q.rawlink(bad_link)
gevent.sleep(0.1)
emit('still running')
