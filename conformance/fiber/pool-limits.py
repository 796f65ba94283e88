# Pool(n) runs at most n members at once: spawn blocks the caller while the pool is full and returns once a member's
# end frees a slot; a Group tracks without limit; join waits until the set is empty. The jobs end in an order a
# controller greenlet chooses (no timing involved).
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
import gevent
from gevent.event import Event
from gevent.pool import Pool, Group

active = [0]
peak = [0]
started = [Event() for _ in range(5)]
finish = [Event() for _ in range(5)]


def job(n):
    active[0] += 1
    peak[0] = max(peak[0], active[0])
    emit('start', n, 'active', active[0])
    started[n].set()
    finish[n].wait()
    active[0] -= 1
    emit('end', n)
    return n * 10


def controller(order):
    for n in order:
        started[n].wait()
        emit('controller ends', n)
        finish[n].set()


gevent.spawn(controller, [1, 2, 0, 4, 3])
pool = Pool(2)
jobs = []
for n in range(5):
    jobs.append(pool.spawn(job, n))
    emit('spawned', n, 'size', len(pool), 'free', pool.free_count())
pool.join()
emit('peak', peak[0], 'values', [g.value for g in jobs], 'size', len(pool))

for e in started + finish:
    e.clear()
gevent.spawn(controller, [2, 1, 0])
group = Group()
for n in range(3):
    group.spawn(job, n)
emit('group size', len(group), 'full', group.full())
group.join()
emit('group joined', len(group), 'peak', peak[0])
