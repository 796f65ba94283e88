# Semaphore: acquire takes a unit or blocks; blocked greenlets get units in the order they asked; acquire(blocking=
# False) and acquire(timeout=) return False instead of waiting; BoundedSemaphore refuses an extra release.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit, err_name
import gevent
from gevent.lock import Semaphore, BoundedSemaphore

sem = Semaphore(1)


def user(name):
    emit('wants', name)
    sem.acquire()
    emit('got', name)
    gevent.sleep(0.01)
    emit('releases', name)
    sem.release()


gs = [gevent.spawn(user, n) for n in ('a', 'b', 'c')]
gevent.sleep(0)
emit('locked', sem.locked(), 'counter', sem.counter)
gevent.joinall(gs)
emit('after', sem.counter)
sem.acquire()
emit('non-blocking', sem.acquire(blocking=False), 'timeout', sem.acquire(timeout=0.01))
sem.release()
emit('wait', sem.wait(), sem.counter)
b = BoundedSemaphore(1)
try:
    b.release()
except ValueError as e:
    emit('bounded release', 'refused')
