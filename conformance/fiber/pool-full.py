# A full Pool: add() with a timeout, or without blocking, raises PoolFull (a queue.Full); free_count and full() count
# members; wait_available returns how many slots are free; a size of 0 is allowed and never has room.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit, err_name
import gevent
from gevent.pool import Pool, PoolFull
from queue import Full


def work(n):
    gevent.sleep(0.3)
    return n


pool = Pool(1)
pool.spawn(work, 1)
emit('free', pool.free_count(), 'full', pool.full())
for kwargs in ({'timeout': 0.01}, {'blocking': False}):
    try:
        pool.add(gevent.Greenlet(work, 2), **kwargs)
        emit('added')
    except PoolFull as e:
        emit('add raised', err_name(e), 'is Full', isinstance(e, Full), 'members', len(pool))
emit('wait_available', pool.wait_available())
emit('free', pool.free_count(), 'full', pool.full())
emit('unbounded free', Pool().free_count())
zero = Pool(0)
emit('zero free', zero.free_count(), 'full', zero.full(), 'wait_available', zero.wait_available(timeout=0.01))
