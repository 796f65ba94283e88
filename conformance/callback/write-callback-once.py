# A write callback runs once everything written so far has been handed to the kernel. A write that is flushed at
# once gets its callback on the next loop turn; a callback given while an earlier one still waits replaces it, so
# only the last of those runs. writing() is true while bytes wait.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
from callback_case import tcp_case
from tornado.ioloop import IOLoop

loop = IOLoop.current()
BIG = 32 * 1024 * 1024


def handle_stream(stream, address):
    def small_done(name):
        emit('write callback', name, 'writing', stream.writing())

    def big_phase():
        stream.write(b'x' * BIG, lambda: emit('write callback', 'big (replaced)'))
        emit('after the big write: writing', stream.writing())
        stream.write(b'y', lambda: (emit('write callback', 'last', 'writing', stream.writing()), stream.close()))

    def on_line(line):
        stream.write(b'a', lambda: small_done('a'))
        stream.write(b'b', lambda: small_done('b'))
        emit('two small writes queued; writing', stream.writing())
        loop.call_later(0.05, big_phase)

    stream.set_close_callback(loop.stop)
    stream.read_until(b'\n', on_line)


received = tcp_case(handle_stream, b'go\n', read_delay=0.3)
emit('peer received', len(received) == 2 + BIG + 1)
