# IOLoop.start() blocks until stop(): a running loop with nothing to do (no callback, no timer, no socket) keeps the
# program alive. Here the only thing that ends it is a signal, sent by a helper process 0.3 s in, whose handler stops
# the loop with add_callback_from_signal.
import sys, os, signal, subprocess
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
from tornado.ioloop import IOLoop

loop = IOLoop.current()


def on_signal(signum, frame):
    emit('signal arrived')
    loop.add_callback_from_signal(loop.stop)


signal.signal(signal.SIGUSR2, on_signal)
subprocess.Popen(['sh', '-c', 'sleep 0.3; kill -USR2 %d' % os.getpid()])
emit('starting a loop with nothing to do')
loop.start()
emit('start() returned')
