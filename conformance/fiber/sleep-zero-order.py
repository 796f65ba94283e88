# Scheduling order: spawn() returns before the greenlet runs; spawned greenlets start in spawn order on the next hub
# turn; sleep(0) goes to the back of the queue, so greenlets that sleep(0) in turn take turns round-robin; timers
# due at the same time fire in the order they were made.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
import gevent


def worker(name, rounds):
    for i in range(rounds):
        emit(name, i)
        gevent.sleep(0)
    emit(name, 'done')


def timed(name):
    emit('timer', name)


a = gevent.spawn(worker, 'a', 3)
b = gevent.spawn(worker, 'b', 2)
emit('spawned; not run yet', a.dead, b.dead)
gevent.sleep(0)
emit('main after one sleep(0)')
gevent.joinall([a, b])
ts = [gevent.spawn_later(0.02, timed, n) for n in ('first', 'second', 'third')]
gevent.spawn_later(0.01, timed, 'earlier')
gevent.joinall(ts)
emit('end')
