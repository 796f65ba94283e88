# cancel() on the Future a fetch with a callback returned: it answers True and the Future is cancelled at once, but
# the request goes on underneath, the fetch callback never runs, and the loop logs the CancelledError that the
# client's own done callback meets (asyncio logs it: it runs done callbacks itself).
import sys, os, time
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
from callback_case import http_case
from tornado.ioloop import IOLoop

served = []


def slow(conn):
    time.sleep(0.1)
    conn.sendall(b'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok')
    served.append(True)


def body(base, client):
    f = client.fetch(base + '/slow', lambda response: emit('fetch callback ran', response.code))
    emit('cancel()', f.cancel(), 'cancelled', f.cancelled(), 'done', f.done())
    try:
        f.result()
    except BaseException as e:
        emit('result() raises', e)
    emit('cancel() again', f.cancel())
    IOLoop.current().call_later(0.6, IOLoop.current().stop)


http_case({'/slow': slow}, body)
emit('the server still answered', served == [True])
