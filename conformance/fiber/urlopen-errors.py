# urllib's urlopen under gevent's monkey.patch_all(): how each failure of a green HTTP fetch reaches the greenlet
# (HTTPError for a status outside 2xx, carrying the status, the reason and the body; URLError wrapping the socket's
# error for a refused connection), against a green server answering canned responses.
from gevent import monkey

monkey.patch_all()

import sys, os  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit, err_name  # noqa: E402
import errno  # noqa: E402
import urllib.error  # noqa: E402
import urllib.request  # noqa: E402
from gevent.server import StreamServer  # noqa: E402

ROUTES = {
    '/ok': b'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello',
    '/fail': b'HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\n\r\nsick',
    '/gone': b'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n',
}


def handle(sock, _address):
    head = b''
    while b'\r\n\r\n' not in head:
        data = sock.recv(4096)
        if not data:
            return
        head += data
    emit('server got', head.split(b'\r\n')[0].decode(), 'connection:', [h.split(b': ')[1].decode() for h in head.split(b'\r\n') if h.lower().startswith(b'connection:')])
    sock.sendall(ROUTES[head.split(b' ')[1].decode()])
    sock.close()


server = StreamServer(('127.0.0.1', 0), handle)
server.start()
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
closed = StreamServer(('127.0.0.1', 0), handle)
closed.start()
refused = 'http://127.0.0.1:%d/x' % closed.server_port
closed.close()
try:
    urllib.request.urlopen(refused)
    emit('not reached')
except urllib.error.URLError as e:
    emit('raised', err_name(e), errno.errorcode[e.reason.errno], str(e).startswith('<urlopen error '))
server.stop()
