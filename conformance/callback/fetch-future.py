# fetch(request, callback) also returns a Future. It is done before the callback runs: done callbacks run first (in the
# order added), then the fetch callback, then what IOLoop.add_future scheduled. With raise_error (the default) a
# failed request's Future holds the error (the same object as the callback's response.error); with raise_error=False
# it holds the response. result() on a pending Future raises InvalidStateError.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
from callback_case import http_case
from peers import free_port
from tornado.ioloop import IOLoop

loop = IOLoop.current()
routes = {
    '/ok': b'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok',
    '/404': b'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n',
}


def body(base, client):
    refused = 'http://127.0.0.1:%d/' % free_port()
    futures = {}

    def on_ok(response):
        f = futures['ok']
        emit('fetch callback', response.code, 'future done', f.done(), 'result is the response', f.result() is response)
        futures['404'] = client.fetch(base + '/404', on_404)

    def on_404(response):
        f = futures['404']
        emit('fetch callback', response.code, 'future exception', f.exception(), 'is response.error', f.exception() is response.error)
        futures['404 no raise'] = client.fetch(base + '/404', on_404_no_raise, raise_error=False)

    def on_404_no_raise(response):
        emit('fetch callback', response.code, 'raise_error=False: future result', futures['404 no raise'].result().code)
        futures['refused'] = client.fetch(refused, on_refused)

    def on_refused(response):
        f = futures['refused']
        emit('fetch callback', response.code, 'future exception', f.exception(), 'is response.error', f.exception() is response.error)
        loop.stop()

    f = futures['ok'] = client.fetch(base + '/ok', on_ok)
    emit('fetch returned', type(f).__name__, 'done', f.done(), 'cancelled', f.cancelled())
    try:
        f.result()
    except Exception as e:
        emit('result() while pending raises', e)
    f.add_done_callback(lambda fut: emit('done callback 1, done', fut.done()))
    f.add_done_callback(lambda fut: emit('done callback 2'))
    loop.add_future(f, lambda fut: emit('add_future callback, result code', fut.result().code))


http_case(routes, body)
