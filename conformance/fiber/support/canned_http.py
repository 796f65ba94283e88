"""A green HTTP server for the urlopen cases (canned-http.ts is the other half): each request is answered with the
canned bytes for its path, then the connection is closed; `seen(head)` is told every request head first."""
from gevent.server import StreamServer


def canned_server(routes, seen=lambda head: None):
    def handle(sock, _address):
        head = b''
        while b'\r\n\r\n' not in head:
            data = sock.recv(4096)
            if not data:
                return
            head += data
        seen(head)
        sock.sendall(routes[head.split(b' ')[1].decode()])
        sock.close()

    server = StreamServer(('127.0.0.1', 0), handle)
    server.start()
    return server
