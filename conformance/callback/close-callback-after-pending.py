# close() while a stream callback is already scheduled: the stream is closed at once, but the close callback waits
# until the scheduled callback has run, and runs once however often close() is called.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
from callback_case import tcp_case
from tornado.ioloop import IOLoop

loop = IOLoop.current()


def handle_stream(stream, address):
    def on_close():
        emit('close callback')
        loop.call_later(0.05, loop.stop)

    def on_first(data):
        emit('read', data)
        stream.read_bytes(2, lambda data: emit('read, scheduled before the close', data, 'closed', stream.closed()))
        stream.close()
        stream.close()
        emit('closed', stream.closed())

    stream.set_close_callback(on_close)
    stream.read_bytes(2, on_first)


tcp_case(handle_stream, b'abcd')
emit('done')
