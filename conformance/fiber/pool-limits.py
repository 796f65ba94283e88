# Pool(n) runs at most n members at once: spawn blocks the caller while the pool is full and returns once a member's
# end frees a slot; a Group tracks without limit; join waits until the set is empty.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
import gevent
from gevent.pool import Pool, Group

DURATIONS = [0.12, 0.04, 0.02, 0.10, 0.02]
active = [0]
peak = [0]


def job(n):
    active[0] += 1
    peak[0] = max(peak[0], active[0])
    emit('start', n, 'active', active[0])
    gevent.sleep(DURATIONS[n])
    active[0] -= 1
    emit('end', n)
    return n * 10


pool = Pool(2)
jobs = []
for n in range(5):
    jobs.append(pool.spawn(job, n))
    emit('spawned', n, 'size', len(pool), 'free', pool.free_count())
pool.join()
emit('peak', peak[0], 'values', [g.value for g in jobs], 'size', len(pool))

group = Group()
for n in range(3):
    group.spawn(job, n)
emit('group size', len(group), 'full', group.full())
group.join()
emit('group joined', len(group), 'peak', peak[0])
