# Two fetches one after the other to the same server: simple_httpclient (Tornado's default client) sends
# "Connection: close" and opens a connection per request.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
from callback_case import http_case
from tornado.ioloop import IOLoop

OK = b'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'
connections = []


def ok(conn):
    connections.append(conn)
    conn.sendall(OK)
    while conn.recv(65536):  # answer every request on this connection until the client closes it
        conn.sendall(OK)


def body(base, client):
    def second(response):
        emit('second', response.code)
        IOLoop.current().stop()

    client.fetch(base + '/', lambda response: (emit('first', response.code), client.fetch(base + '/', second)))


http_case({'/': ok}, body)
emit('connections the server accepted', len(connections))
