# tornado.locks used from callbacks: acquire() returns a Future, done at once when the lock is free; otherwise the
# waiters get the lock one at a time, first come first served, each through its Future (add_future), when the holder
# calls release(). A waiter whose Future was cancelled is skipped. Releasing an unlocked Lock raises RuntimeError; a
# BoundedSemaphore released past its value raises ValueError; a Semaphore below zero is refused.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
from tornado.ioloop import IOLoop
from tornado.locks import BoundedSemaphore, Lock, Semaphore

loop = IOLoop.current()
lock = Lock()

first = lock.acquire()
emit('first acquire done at once', first.done())
second = lock.acquire()
third = lock.acquire()
fourth = lock.acquire()
emit('later acquires wait', second.done(), third.done(), fourth.done())
emit('cancel the third', third.cancel())


def holder(name):
    def got_it(future):
        emit(name, 'holds the lock')
        loop.add_callback(release, name)
    return got_it


def release(name):
    emit(name, 'releases')
    lock.release()


loop.add_future(second, holder('second'))
loop.add_future(fourth, holder('fourth'))
loop.add_future(third, lambda f: emit('third cancelled', f.cancelled()))
loop.add_callback(release, 'first')


def checks():
    try:
        lock.release()
    except Exception as e:
        emit('release unlocked', e, str(e))
    sem = BoundedSemaphore(2)
    sem.acquire()
    sem.release()
    try:
        sem.release()
    except Exception as e:
        emit('bounded release past its value', e, str(e))
    try:
        Semaphore(-1)
    except Exception as e:
        emit('semaphore below zero', e, str(e))
    two = Semaphore(2)
    emit('semaphore of 2: acquires done at once', [two.acquire().done() for _ in range(3)])
    loop.stop()


loop.call_later(0.1, checks)
loop.start()
