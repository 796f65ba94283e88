# IOLoop.add_future on a Future already done schedules its callback at once, as add_callback does: it runs on the
# next turn, beside callbacks added at the same time, in order. On a pending Future it runs one turn after the
# Future's done callbacks, once the Future completes.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
from tornado.concurrent import Future
from tornado.ioloop import IOLoop

loop = IOLoop.current()
done = Future()
done.set_result('early')
pending = Future()


def turn(n):
    emit('turn', n)
    if n < 4:
        loop.add_callback(turn, n + 1)
    else:
        loop.stop()


loop.add_callback(turn, 1)
loop.add_future(done, lambda f: emit('add_future on a done Future', f.result()))
loop.add_callback(lambda: emit('add_callback after it'))
loop.add_future(pending, lambda f: emit('add_future on a pending Future', f.result()))
loop.add_callback(lambda: pending.set_result('late'))
loop.start()
