# Green sockets and StreamServer: each connection is handled in a greenlet of its own; recv() waits for whatever has
# arrived and returns b'' at EOF; sendall() returns once the data is handed over; after stop(), connecting is
# refused.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
import errno
import gevent
from gevent import socket
from gevent.server import StreamServer


def handle(sock, address):
    emit('handler runs', address[0])
    for _ in range(100):
        data = sock.recv(1024)
        if not data:
            break
        sock.sendall(data)
    emit('handler saw EOF')
    sock.close()


server = StreamServer(('127.0.0.1', 0), handle)
server.start()
port = server.server_port
c = socket.create_connection(('127.0.0.1', port))
c.sendall(b'hello')
emit('echo', c.recv(1024))
c.sendall(b'again')
emit('echo', c.recv(1024))
c.close()
gevent.sleep(0.2)
server.stop()
try:
    socket.create_connection(('127.0.0.1', port))
    emit('connected after stop')
except OSError as e:
    emit('connect after stop', errno.errorcode[e.errno])
