# An exception from handle_stream is logged as "Error in connection callback" and the stream is left open: what
# handle_stream set up before raising (here a read, and the close callback) goes on working.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
from callback_case import tcp_case
from tornado.ioloop import IOLoop

loop = IOLoop.current()


def handle_stream(stream, address):
    def on_close():
        emit('close callback')
        loop.stop()

    def on_ping(data):
        emit('still open, read', data)
        stream.write(b'pong', stream.close)

    stream.set_close_callback(on_close)
    stream.read_bytes(4, on_ping)
    raise ValueError('handler bug')


emit('client got', tcp_case(handle_stream, b'ping'))
