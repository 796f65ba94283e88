# LoopExit: when the main greenlet waits on something nothing can ever wake (no other greenlet runnable, no timer,
# no I/O), gevent raises LoopExit in it. (Uncaught, it ends the program: loop-exit-uncaught.)
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit, err_name
import gevent
from gevent.event import Event
from gevent.lock import Semaphore

never = Event()
stuck = gevent.spawn(never.wait)
try:
    stuck.join()
    emit('join returned')
except gevent.hub.LoopExit as e:
    emit('join raised', err_name(e))
emit('stuck still waiting', not stuck.dead)
gevent.sleep(0.01)
emit('a sleeping main is not stuck')
try:
    Semaphore(0).acquire()
    emit('not reached')
except gevent.hub.LoopExit as e:
    emit('acquire raised', err_name(e), str(e).split('\n')[0])
