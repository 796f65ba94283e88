# IOLoop.time() is in seconds on the wall clock's scale (Tornado 5.1 returns time.time()), so call_at can be given a
# time.time()-based deadline; call_later's delay is in seconds.
import sys, os, time
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
from tornado.ioloop import IOLoop

loop = IOLoop.current()
emit('time() within a second of time.time()', abs(loop.time() - time.time()) < 1)
start = loop.time()


def at_deadline():
    emit('call_at(time.time() + 0.2) ran after at least 0.15 s', loop.time() - start >= 0.15)
    loop.stop()


loop.call_later(0.1, lambda: emit('call_later(0.1) ran after at least 0.1 s', loop.time() - start >= 0.1))
loop.call_at(time.time() + 0.2, at_deadline)
loop.start()
