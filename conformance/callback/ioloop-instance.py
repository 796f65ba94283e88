# IOLoop.instance() is 5.x's alias for IOLoop.current(): the same loop, created on first use.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
from tornado.ioloop import IOLoop

first = IOLoop.instance()
emit('instance() is current()', first is IOLoop.current())
emit('instance() is stable', IOLoop.instance() is first)
first.add_callback(lambda: (emit('ran on it'), first.stop()))
first.start()
