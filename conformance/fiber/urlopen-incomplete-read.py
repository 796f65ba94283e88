# A body cut short under urlopen (gevent's monkey.patch_all()): the head promises 10 bytes, 5 arrive, the server
# closes. urllib returns the response at its head, and read() raises IncompleteRead with what did arrive.
from gevent import monkey

monkey.patch_all()

import sys, os  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit, err_name  # noqa: E402
import http.client  # noqa: E402
import urllib.request  # noqa: E402
from gevent.server import StreamServer  # noqa: E402


def handle(sock, _address):
    head = b''
    while b'\r\n\r\n' not in head:
        data = sock.recv(4096)
        if not data:
            return
        head += data
    sock.sendall(b'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello')
    sock.close()


server = StreamServer(('127.0.0.1', 0), handle)
server.start()
try:
    r = urllib.request.urlopen('http://127.0.0.1:%d/cut' % server.server_port)
    emit('opened', r.status)
    r.read()
    emit('not reached')
except http.client.IncompleteRead as e:
    emit('raised', err_name(e))
server.stop()
