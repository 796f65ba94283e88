# An echo written as Tornado callback code with the write callback as its backpressure (the next read starts once the
# write has been handed to the kernel, as `yield stream.write(data)` would): a peer that sends 4 MiB and half-closes
# while it reads gets every byte back, then the end of the stream. EOF is met only by a read, and a read is only
# started once the writes before it are done, so nothing queued is lost.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
from callback_case import tcp_case
from tornado.ioloop import IOLoop

loop = IOLoop.current()
SENT = bytes(range(256)) * (16 * 1024)


def handle_stream(stream, address):
    def on_close():
        emit('close callback, error', stream.error)
        loop.stop()

    def read_next():
        stream.read_bytes(65536, on_read, partial=True)

    def on_read(data):
        stream.write(data, read_next)

    stream.set_close_callback(on_close)
    read_next()


received = tcp_case(handle_stream, SENT, shutdown=True)
emit('peer got every byte back', received == SENT, len(received))
