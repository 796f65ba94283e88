"""py-gevent echo: the vmbench echo server in gevent (the real system the fiber style imitates).

A StreamServer runs the handler in a greenlet per connection: recv whatever has arrived (up to 100000 bytes, as
vmbench's gevecho.py) and sendall it back, until the client closes.
"""
import signal
import socket

from _harness import serve_echo, system_imports

with system_imports():
    import gevent
    from gevent.server import StreamServer

READ_SIZE = 100_000
LOOP = gevent.config.loop.__module__.split('.')[1]  # libev or libuv, as this gevent is configured
DESCRIPTION = f'gevent {gevent.__version__} StreamServer, a greenlet per connection doing recv + sendall, on {LOOP}'


def echo(sock, address):
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        while data := sock.recv(READ_SIZE):
            sock.sendall(data)
    except (ConnectionResetError, BrokenPipeError):
        pass  # the client reset or vanished: this connection ends quietly (no traceback from the hub), the server goes on


def serve(host, port, announce):
    server = StreamServer((host, port), echo)
    server.start()
    gevent.signal_handler(signal.SIGTERM, server.stop)
    announce(server.server_port)
    server.serve_forever()  # returns once server.stop() has run


if __name__ == '__main__':
    serve_echo('gevent', gevent.__version__, DESCRIPTION, serve)
