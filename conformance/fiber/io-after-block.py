# What the hub does once a greenlet that blocked it (CPU work, no switch) lets it run again, with a timer expired and
# data waiting on three sockets meanwhile: the expired timer's greenlet runs first, then every greenlet whose socket
# is readable, and only after those the callbacks (here, a join's link notification), so a joiner never sees a
# world in which some of the ready sockets have not been read. The order among the reads is the poll backend's (libev
# hands them out last-ready first), not gevent's promise, so the case prints which reads had happened, sorted.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
import time
import gevent
from gevent import socket
from gevent.event import Event
from gevent.server import StreamServer

accepted = []
reads = []
hold = Event()


def handle(sock, _address):
    accepted.append(sock)
    hold.wait()


def burn(seconds):
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        pass


def reader(name, sock):
    reads.append('%s:%s' % (name, sock.recv(10).decode()))


def sleeper():
    gevent.sleep(0.05)
    emit('sleep(0.05) woke after reads', sorted(reads))


def joiner(g):
    g.join()
    emit('join of r0 returned after reads', sorted(reads))


server = StreamServer(('127.0.0.1', 0), handle)
server.start()
clients = []
for i in range(3):
    clients.append(socket.create_connection(('127.0.0.1', server.server_port)))
    for _ in range(100):
        if len(accepted) > i:
            break
        gevent.sleep(0.01)
readers = [gevent.spawn(reader, 'r%d' % i, c) for i, c in enumerate(clients)]
others = [gevent.spawn(sleeper), gevent.spawn(joiner, readers[0])]
gevent.sleep(0)
emit('all parked')
for i, s in enumerate(accepted):
    s.sendall(b'x%d' % i)
burn(0.2)
emit('the hub runs again')
gevent.joinall(readers + others)
hold.set()
for c in clients:
    c.close()
server.stop()
