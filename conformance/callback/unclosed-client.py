# A client that fetched and is never closed: Tornado says nothing (its simple_httpclient keeps no connection open),
# and the process ends when the script does.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
from peers import http_server
from tornado.ioloop import IOLoop
from tornado.httpclient import AsyncHTTPClient


def ok(conn):
    conn.sendall(b'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok')
    conn.recv(1)  # keep the connection open until the client goes


loop = IOLoop.current()
client = AsyncHTTPClient(force_instance=True)
client.fetch('http://127.0.0.1:%d/' % http_server({'/': ok}), lambda response: (emit('response', response.code), loop.stop()))
loop.start()
emit('script ends without closing the client')
