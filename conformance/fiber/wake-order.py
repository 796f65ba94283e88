# When woken greenlets run: the hub switches to a greenlet as soon as what it waits for happens in the hub (an Event's
# notification, a greenlet's end reaching join(), a timer), ahead of greenlets queued meanwhile; a lock or queue
# released by a greenlet wakes its waiter through the hub's queue, in turn.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
import gevent
from gevent.event import Event
from gevent.lock import Semaphore
from gevent.queue import Queue


def later(name):
    emit(name, 'runs')


ev = Event()


def waiter(name):
    ev.wait()
    emit(name, 'woken by set')


ws = [gevent.spawn(waiter, n) for n in ('A', 'B')]
gevent.sleep(0)
ev.set()
gevent.spawn(later, 'spawned after set')
gevent.joinall(ws)

quick = gevent.spawn(lambda: None)


def joiner():
    quick.join()
    emit('joiner resumes')


j = gevent.spawn(joiner)
gevent.sleep(0)
gevent.spawn(later, 'spawned after the end')
gevent.joinall([j])

sem = Semaphore(0)


def acquirer():
    sem.acquire()
    emit('acquirer resumes')


a = gevent.spawn(acquirer)
gevent.sleep(0)
sem.release()
gevent.spawn(later, 'spawned after release')
gevent.joinall([a])

q = Queue()


def getter():
    emit('getter got', q.get())


g = gevent.spawn(getter)
gevent.sleep(0)
q.put('item')
gevent.spawn(later, 'spawned after put')
gevent.joinall([g])


def sleeper(name):
    gevent.sleep(0.01)
    emit(name, 'wakes')


ss = [gevent.spawn(sleeper, n) for n in ('s1', 's2')]
gevent.sleep(0.02)
emit('main after the sleepers')
