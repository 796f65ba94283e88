# The peer half-closes while a large write is still queued (the peer is not reading yet) and a read is pending: the
# read meets EOF, and Tornado closes the stream at once. What the kernel had taken still reaches the peer, the rest of
# the queued write is dropped, its callback never runs, and the close callback does.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
from callback_case import tcp_case
from tornado.ioloop import IOLoop

loop = IOLoop.current()
BIG = 32 * 1024 * 1024
written = []


def handle_stream(stream, address):
    def on_close():
        emit('close callback, error', stream.error, 'write callback ran', bool(written))
        loop.stop()

    def on_line(line):
        emit('line', line.strip())
        stream.write(b'x' * BIG, lambda: written.append(True))
        emit('writing', stream.writing())
        stream.read_bytes(1, lambda data: emit('never', data))

    stream.set_close_callback(on_close)
    stream.read_until(b'\n', on_line)


received = len(tcp_case(handle_stream, b'hi\n', shutdown=True, read_delay=0.5))
emit('peer received some but not all', 0 < received < BIG)
