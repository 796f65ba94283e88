"""Scaffolding shared by the callback style's conformance cases (lib/callback-case.ts is the other half; keep the two
in step): a Tornado TCPServer or AsyncHTTPClient with a neutral peer (lib/peers.py) on the other end.
"""
from peers import Client, http_server
from tornado.httpclient import AsyncHTTPClient
from tornado.ioloop import IOLoop
from tornado.tcpserver import TCPServer
from tornado.testing import bind_unused_port


def tcp_case(handle_stream, send=b'', shutdown=False, read_delay=0):
    """Serves a TCPServer whose handle_stream is handle_stream(stream, address) on a free port, connects a Client to
    it, runs the loop until something stops it, and returns everything the client read once the server closed."""
    class Server(TCPServer):
        def handle_stream(self, stream, address):
            return handle_stream(stream, address)

    sock, port = bind_unused_port()
    Server().add_socket(sock)
    client = Client(port, send, shutdown, read_delay)
    IOLoop.current().start()
    return client.result()


def http_case(routes, body, **client_options):
    """Starts an HTTP server answering routes, calls body(base_url, client) with a new client, runs the loop until
    something stops it, and closes the client."""
    port = http_server(routes)
    client = AsyncHTTPClient(force_instance=True, **client_options)
    body('http://127.0.0.1:%d' % port, client)
    IOLoop.current().start()
    client.close()
