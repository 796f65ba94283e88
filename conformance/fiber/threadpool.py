# The hub's threadpool: apply() parks the calling greenlet until a worker thread has run the function, while the other
# greenlets run, and returns its result; spawn() returns an AsyncResult; an error in the worker is printed by the hub
# and raised in the greenlet that waits for it.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit, err_name
import time
import gevent


def square(x):
    return x * x


def boom(x):
    raise TypeError('bad %s' % x)


def nap(seconds):
    time.sleep(seconds)
    return 'rested'


ticks = []


def ticker():
    for i in range(3):
        gevent.sleep(0.02)
        ticks.append(i)


pool = gevent.get_hub().threadpool
emit('apply', pool.apply(square, (7,)))
r = pool.spawn(square, 5)
emit('spawn gives', type(r).__name__)
emit('get', r.get(), 'ready', r.ready(), 'successful', r.successful(), 'value', r.value)
t = gevent.spawn(ticker)
emit('apply of a 0.3 s nap', pool.apply(nap, (0.3,)), 'greenlet ticks meanwhile', ticks)
try:
    pool.apply(boom, (1,))
    emit('not reached')
except TypeError as e:
    emit('apply raised', err_name(e), str(e))
failed = pool.spawn(boom, 2)
emit('wait gives', failed.wait(), 'successful', failed.successful(), 'exception', err_name(failed.exception))
