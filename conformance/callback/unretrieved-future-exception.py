# A fetch without a callback whose Future fails and is never looked at: asyncio logs "Future exception was never
# retrieved" when the Future is garbage-collected (CPython collects it as soon as the last reference goes).
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
from callback_case import http_case
from tornado.ioloop import IOLoop


def body(base, client):
    client.fetch(base + '/')  # the Future is dropped at once
    IOLoop.current().call_later(0.3, IOLoop.current().stop)


http_case({'/': b'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n'}, body)
emit('done')
