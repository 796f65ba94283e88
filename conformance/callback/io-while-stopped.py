# While the loop is stopped nothing runs, but I/O is not lost: bytes that arrive meanwhile wait (in the kernel for
# Tornado, in Node's queue here) and the pending read completes on the next start().
import sys, os, time
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
from peers import Client
from tornado.ioloop import IOLoop
from tornado.tcpserver import TCPServer
from tornado.testing import bind_unused_port

loop = IOLoop.current()


class Server(TCPServer):
    def handle_stream(self, stream, address):
        def on_data(data):
            emit('read', data)
            stream.close()
            loop.stop()

        stream.read_bytes(4, on_data)
        loop.stop()


sock, port = bind_unused_port()
Server().add_socket(sock)
client = Client(port, b'ping', read_delay=0.2)
loop.start()
emit('stopped with a read pending')
time.sleep(0.3)  # the client sends meanwhile
emit('starting again')
loop.start()
client.result()
emit('done')
