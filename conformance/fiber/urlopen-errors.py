# urllib's urlopen under gevent's monkey.patch_all(): how each failure of a green HTTP fetch reaches the greenlet
# (HTTPError for a status outside 2xx, carrying the status, the reason and the body; URLError wrapping the socket's
# error for a refused connection), against a green server answering canned responses.
from gevent import monkey

monkey.patch_all()

import sys, os  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), 'support'))
from transcript import emit, err_name  # noqa: E402
import errno  # noqa: E402
import urllib.error  # noqa: E402
import urllib.request  # noqa: E402
from canned_http import canned_server  # noqa: E402

ROUTES = {
    '/ok': b'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello',
    '/fail': b'HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\n\r\nsick',
    '/gone': b'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n',
}


def seen(head):
    lines = head.split(b'\r\n')
    emit('server got', lines[0].decode(), 'connection:', [h.split(b': ')[1].decode() for h in lines if h.lower().startswith(b'connection:')])


server = canned_server(ROUTES, seen)
base = 'http://127.0.0.1:%d' % server.server_port

with urllib.request.urlopen(base + '/ok') as r:
    emit('ok', r.status, r.reason, r.read())

for path in ('/fail', '/gone'):
    try:
        urllib.request.urlopen(base + path)
        emit('not reached')
    except urllib.error.HTTPError as e:
        emit('raised', err_name(e), isinstance(e, urllib.error.URLError), e.code, e.status, e.reason, str(e), e.read())

# A port nothing listens on: a server started, then closed.
closed = canned_server({})
refused = 'http://127.0.0.1:%d/x' % closed.server_port
closed.close()
try:
    urllib.request.urlopen(refused)
    emit('not reached')
except urllib.error.URLError as e:
    emit('raised', err_name(e), errno.errorcode[e.reason.errno], str(e).startswith('<urlopen error '))
server.stop()
