# A body cut short under urlopen (gevent's monkey.patch_all()): the head promises 10 bytes, 5 arrive, the server
# closes. urllib returns the response at its head, and read() raises IncompleteRead.
from gevent import monkey

monkey.patch_all()

import sys, os  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), 'support'))
from transcript import emit, err_name  # noqa: E402
import http.client  # noqa: E402
import urllib.request  # noqa: E402
from canned_http import canned_server  # noqa: E402

server = canned_server({'/cut': b'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello'})
try:
    r = urllib.request.urlopen('http://127.0.0.1:%d/cut' % server.server_port)
    emit('opened', r.status)
    r.read()
    emit('not reached')
except http.client.IncompleteRead as e:
    emit('raised', err_name(e))
server.stop()
