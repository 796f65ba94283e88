# A redirect under urlopen (gevent's monkey.patch_all()): urllib follows it and returns the final response.
from gevent import monkey

monkey.patch_all()

import sys, os  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), 'support'))
from transcript import emit, err_name  # noqa: E402
import urllib.error  # noqa: E402
import urllib.request  # noqa: E402
from canned_http import canned_server  # noqa: E402

server = canned_server({
    '/moved': b'HTTP/1.1 302 Found\r\nLocation: /ok\r\nContent-Length: 0\r\n\r\n',
    '/ok': b'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello',
})
try:
    r = urllib.request.urlopen('http://127.0.0.1:%d/moved' % server.server_port)
    emit('got', r.status, r.read())
except urllib.error.HTTPError as e:
    emit('raised', err_name(e), e.code)
server.stop()
