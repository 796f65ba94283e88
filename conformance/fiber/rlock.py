# RLock: the greenlet holding it may acquire it again, and needs as many releases; others wait (or, not blocking or
# past a timeout, get False) until the last release; a greenlet that does not hold it cannot release it (RuntimeError,
# naming both greenlets). gevent returns 1 for a re-entrant acquire and True for a first one: both print as true here.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit, err_name
import gevent
from gevent.lock import RLock

lock = RLock()


def holder():
    emit('holder acquires', bool(lock.acquire()), 'and again', bool(lock.acquire()))
    gevent.sleep(0.1)
    lock.release()
    emit('holder released once')
    gevent.sleep(0.1)
    lock.release()
    emit('holder released twice')


def waiter():
    emit('waiter without blocking', lock.acquire(blocking=False))
    emit('waiter with a 0.05 s timeout', lock.acquire(timeout=0.05))
    emit('waiter acquires', lock.acquire())
    lock.release()


def intruder():
    try:
        lock.release()
        emit('not reached')
    except RuntimeError as e:
        emit('intruder release raised', err_name(e), str(e))


h = gevent.spawn(holder)
gevent.sleep(0)
gevent.joinall([h, gevent.spawn(waiter), gevent.spawn(intruder)])
