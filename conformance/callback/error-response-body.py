# A response with no HTTP message behind it (code 599: refused, reset, timed out) has no body at all: response.body is
# None, not empty. Code that uses the body without first checking response.error fails on it. A non-2xx response
# keeps the body the server sent, and an empty 200 has an empty body.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
from callback_case import http_case
from peers import free_port
from tornado.ioloop import IOLoop

routes = {
    '/404': b'HTTP/1.1 404 Not Found\r\nContent-Length: 7\r\n\r\nmissing',
    '/empty': b'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n',
}


def body(base, client):
    urls = [base + '/404', base + '/empty', 'http://127.0.0.1:%d/' % free_port()]

    def fetch_next(response=None):
        if response is not None:
            emit('response', response.code, 'body', response.body, 'body is None', response.body is None)
        if urls:
            client.fetch(urls.pop(0), fetch_next)
        else:
            IOLoop.current().stop()

    fetch_next()


http_case(routes, body)
