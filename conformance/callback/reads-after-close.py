# What a stream does once the peer has closed: the data sent before the FIN is read first; a read that the buffer
# cannot satisfy then closes the stream without raising (its callback is dropped) and the close callback runs once;
# bytes still buffered can be read after the close; a read the buffer cannot satisfy on a closed stream, and any
# write, raise StreamClosedError at once.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
from callback_case import tcp_case
from tornado.ioloop import IOLoop
from tornado.iostream import StreamClosedError

loop = IOLoop.current()


def handle_stream(stream, address):
    def on_close():
        emit('close callback, error', stream.error)
        stream.read_bytes(3, on_after_close)

    def on_after_close(data):
        emit('read after close', data)
        try:
            stream.read_bytes(1, lambda data: emit('never'))
        except StreamClosedError as e:
            emit('read_bytes on a closed, drained stream raises', e)
        try:
            stream.write(b'x')
        except StreamClosedError as e:
            emit('write on a closed stream raises', e)
        loop.call_later(0.05, loop.stop)

    def on_first(data):
        emit('read', data)
        # Set only now: a close callback set on an idle, empty stream makes Tornado watch it for the FIN at once,
        # which would race with the first read.
        stream.set_close_callback(on_close)
        loop.call_later(0.3, read_past_the_end)  # the FIN arrives meanwhile, while 'def' waits unread

    def read_past_the_end():
        stream.read_bytes(10, lambda data: emit('never'))
        emit('read_bytes(10) returned; closed', stream.closed())

    stream.read_bytes(3, on_first)


tcp_case(handle_stream, b'abcdef', shutdown=0.1)
emit('done')
