# AsyncHTTPClient() is one client per IOLoop: constructing it again gives the same object (force_instance=True gives a
# new one), so its constructor arguments only count the first time.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
from tornado.ioloop import IOLoop
from tornado.httpclient import AsyncHTTPClient

IOLoop.current()
a = AsyncHTTPClient()
b = AsyncHTTPClient(max_clients=3)
emit('AsyncHTTPClient() twice is one client', a is b, 'max_clients', b.max_clients)
c = AsyncHTTPClient(force_instance=True)
emit('force_instance=True is a new client', c is not a)
