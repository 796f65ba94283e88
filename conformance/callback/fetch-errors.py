# fetch(url, callback) never raises for a failed request: the callback gets an HTTPResponse. A non-2xx status keeps
# its code, body and an HTTPClientError ("HTTP 404: Not Found") that rethrow() raises; a failure with no response is
# code 599 whose error is the socket's own (refused, reset), or HTTPStreamClosedError: "Stream closed" when the peer
# closed before the response's head was complete, "Connection closed" when it closed inside the body. A 599 has no
# body at all (None, not empty): code that uses the body without checking response.error fails on it.
import sys, os, socket, struct
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
from callback_case import http_case
from peers import free_port
from tornado.ioloop import IOLoop


def reset(conn):
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))  # close() sends RST


routes = {
    '/404': b'HTTP/1.1 404 Not Found\r\nContent-Length: 7\r\n\r\nmissing',
    '/close': b'',
    '/half-head': b'HTTP/1.1 200 OK\r\nContent-Le',
    '/cut': b'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial',
    '/reset': reset,
}


def body(base, client):
    urls = [base + path for path in routes] + ['http://127.0.0.1:%d/' % free_port()]

    def fetch_next(response=None):
        if response is not None:
            emit('response', response.code, 'error', response.error, str(response.error))
            emit('body', response.body)
            try:
                response.rethrow()
            except Exception as e:
                emit('rethrow raises', e)
        if urls:
            client.fetch(urls.pop(0), fetch_next)
        else:
            IOLoop.current().stop()

    fetch_next()


http_case(routes, body)
