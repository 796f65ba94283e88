# stop() before start(): start() runs one turn (the callbacks already queued, none added during it) and returns;
# a timer not yet due waits for a later start(). stop() twice is the same as once.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
from tornado.ioloop import IOLoop

loop = IOLoop.current()


def queued():
    emit('queued before stop')
    loop.add_callback(added_during_turn)


def added_during_turn():
    emit('added during the turn')


loop.add_callback(queued)
loop.call_later(0.3, lambda: emit('timer 300 ms'))
loop.stop()
emit('stop called')
loop.start()
emit('start returned', 1)
loop.stop()
loop.stop()
loop.start()
emit('start returned', 2)
loop.call_later(0.6, loop.stop)
loop.start()
emit('start returned', 3)
