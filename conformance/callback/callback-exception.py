# An exception in a callback or a timer is logged by the IOLoop on tornado.application at ERROR, in the format of
# logging.basicConfig (which IOLoop.start() sets up when nothing else is configured), and the loop goes on.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
from tornado.ioloop import IOLoop

loop = IOLoop.current()


def explode():
    emit('explode')
    raise ValueError('boom')


def timer_explodes():
    emit('timer explodes')
    raise KeyError('k')


loop.add_callback(explode)
loop.add_callback(lambda: emit('next callback still runs'))
loop.call_later(0.01, timer_explodes)
loop.call_later(0.05, loop.stop)
loop.start()
emit('done')
