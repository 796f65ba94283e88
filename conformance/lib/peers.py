"""Neutral peers for the callback style's conformance cases (lib/peers.ts is the other half; keep the two in step).

The system under test runs on its loop in the main thread; a peer is plain blocking sockets in a thread of its own,
so it never touches that loop. Nothing here prints: a case emits what it learns from a peer once the loop returned.
"""
import socket
import threading
import time


class Client(threading.Thread):
    """Connects to `port`, sends `send`, half-closes if asked (shutdown=True: right after sending; a number: that many
    seconds after), and reads until EOF, starting `read_delay` seconds after connecting."""

    def __init__(self, port, send=b'', shutdown=False, read_delay=0):
        super().__init__(daemon=True)
        self.port, self.send, self.shutdown, self.read_delay = port, send, shutdown, read_delay
        self.received = bytearray()
        self.start()

    def run(self):
        c = socket.create_connection(('127.0.0.1', self.port))
        sender = threading.Thread(target=self._send, args=(c,), daemon=True)
        sender.start()  # sending and reading at once, so that an echo can never stall on this peer
        time.sleep(self.read_delay)
        while True:
            data = c.recv(65536)
            if not data:
                break
            self.received += data
        sender.join()
        c.close()

    def _send(self, c):
        c.sendall(self.send)
        if self.shutdown is not False:
            time.sleep(0 if self.shutdown is True else self.shutdown)
            c.shutdown(socket.SHUT_WR)

    def result(self):
        """Everything read, once the server closed (blocks until then)."""
        self.join()
        return bytes(self.received)


def http_server(routes):
    """An HTTP server on a free port answering routes[path]: bytes to send before closing, or a handler that writes
    what it likes to the connection and returns (the connection is closed then)."""
    srv = socket.socket()
    srv.bind(('127.0.0.1', 0))
    srv.listen(16)

    def handle(conn):
        head = b''
        while b'\r\n\r\n' not in head:
            data = conn.recv(65536)
            if not data:
                conn.close()
                return
            head += data
        route = routes[head.split(b' ', 2)[1].decode()]
        if isinstance(route, bytes):
            conn.sendall(route)
        else:
            route(conn)
        conn.close()

    def accept():
        while True:
            conn, _ = srv.accept()
            threading.Thread(target=handle, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    return srv.getsockname()[1]


def free_port():
    """A port that nothing listens on (it was free a moment ago): for a refused connection."""
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port
