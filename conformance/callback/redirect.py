# A 302: Tornado follows redirects by default (follow_redirects=True, up to max_redirects=5) and hands back the final
# response.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
from callback_case import http_case
from tornado.ioloop import IOLoop

routes = {
    '/here': b'HTTP/1.1 302 Found\r\nLocation: /there\r\nContent-Length: 0\r\n\r\n',
    '/there': b'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nthere',
}


def done(response):
    emit('response', response.code, response.error, response.body)
    IOLoop.current().stop()


http_case(routes, lambda base, client: client.fetch(base + '/here', done))
