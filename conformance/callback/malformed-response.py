# A response that is not HTTP: Tornado 5.1 drops the connection and leaves the request to its request_timeout, so the
# callback gets 599 "Timeout during request" only once the timeout has run out.
import sys, os, time
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
from callback_case import http_case
from tornado.ioloop import IOLoop
from tornado.httpclient import HTTPRequest

loop = IOLoop.current()


def garbage(conn):
    conn.sendall(b'NOT HTTP AT ALL\r\n\r\n')
    time.sleep(0.5)


def body(base, client):
    start = loop.time()

    def on_response(response):
        emit('response', response.code, response.error)
        emit('after the 0.3 s request timeout', loop.time() - start >= 0.3)
        loop.stop()

    client.fetch(HTTPRequest(base + '/', request_timeout=0.3), on_response)


http_case({'/': garbage}, body)
