# read_until with max_bytes: a delimiter within the limit is found; when the buffer already holds more than max_bytes
# without the delimiter, read_until closes the stream and returns (no exception): the read callback never runs and
# the close callback finds UnsatisfiableReadError in stream.error.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
from callback_case import tcp_case
from tornado.ioloop import IOLoop

loop = IOLoop.current()


def handle_stream(stream, address):
    def on_close():
        emit('close callback, error', stream.error)
        loop.stop()

    def on_line(line):
        emit('line within max_bytes', line.replace(b'\n', b'|'))
        stream.read_until(b'\n', lambda data: emit('second line', data), max_bytes=5)
        emit('read_until returned; closed', stream.closed())

    stream.set_close_callback(on_close)
    stream.read_until(b'\n', on_line, max_bytes=10)


tcp_case(handle_stream, b'hi\nabcdefgh')
emit('done')
