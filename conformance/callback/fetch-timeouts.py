# Timeouts are 599 responses carrying HTTPTimeoutError: "Timeout during request" when the answer is late (counted
# from the moment the request left the queue), "Timeout in request queue" when a request waits for one of max_clients
# slots longer than min(connect_timeout, request_timeout), counted from fetch(). Each callback runs exactly once,
# even when the server closes the connection after the timeout fired. request_time is in seconds.
import sys, os, time
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
from callback_case import http_case
from tornado.ioloop import IOLoop
from tornado.httpclient import HTTPRequest


def late(conn):
    time.sleep(0.4)  # then close without answering: after the 0.1 s request timeout


def slow(conn):
    time.sleep(0.3)
    conn.sendall(b'HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nslow')


loop = IOLoop.current()
calls = []


def on_response(name, low, high):
    def callback(response):
        calls.append(name)
        emit(name, response.code, response.error, str(response.error))
        emit('request_time in [%s, %s) s' % (low, high), low <= response.request_time < high)
    return callback


def body(base, client):
    def phase_two():
        client.fetch(HTTPRequest(base + '/slow', connect_timeout=0.1, request_timeout=2), on_response('slow', 0.3, 1.5))
        client.fetch(HTTPRequest(base + '/slow', connect_timeout=0.1, request_timeout=2), on_response('queued', 0.1, 1))

    client.fetch(HTTPRequest(base + '/late', request_timeout=0.1), on_response('late', 0.1, 1))
    loop.call_later(0.6, phase_two)
    loop.call_later(2, loop.stop)


http_case({'/late': late, '/slow': slow}, body, max_clients=1)
emit('callbacks', calls)
