# Callbacks added during a loop turn wait for the next turn; a timer due "now" runs after the callbacks already
# queued; stop() inside a callback lets the turn finish.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
from tornado.ioloop import IOLoop

loop = IOLoop.current()


def first():
    emit('first')
    loop.add_callback(third)
    loop.call_later(0, timer)


def second():
    emit('second')


def third():
    emit('third')
    loop.add_callback(fourth)


def timer():
    emit('timer')


def fourth():
    emit('fourth')
    loop.stop()
    emit('after stop')


loop.add_callback(first)
loop.add_callback(second)
loop.start()
emit('start returned')
