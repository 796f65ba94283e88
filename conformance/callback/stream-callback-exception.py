# An exception in a stream's read callback is logged twice, as Tornado's IOStream and IOLoop each report it
# ("Uncaught exception, closing connection." then "Exception in callback ..."), the stream is closed with that
# exception as its error, and the close callback runs.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
from callback_case import tcp_case
from tornado.ioloop import IOLoop

loop = IOLoop.current()


def handle_stream(stream, address):
    def on_close():
        emit('close callback, error', stream.error, 'closed', stream.closed())
        loop.stop()

    def on_data(data):
        emit('read', data)
        raise ValueError('reader bug')

    stream.set_close_callback(on_close)
    stream.read_bytes(4, on_data)


tcp_case(handle_stream, b'ping')
emit('done')
