# The shared-counter race (scenarios/race.ts): 10 greenlets each add 1 twenty times to a shared counter, reading it,
# letting the others run with sleep(0), and writing what they read plus one. Unguarded, every round of the ten reads the
# same value; under a BoundedSemaphore(1) (`with lock:`) no update is lost.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
import gevent
from gevent.lock import BoundedSemaphore


def race_counter(workers, increments, lock):
    shared = {'counter': 0}

    def increment():
        seen = shared['counter']
        gevent.sleep(0)
        shared['counter'] = seen + 1

    def worker():
        for _ in range(increments):
            if lock is None:
                increment()
            else:
                with lock:
                    increment()

    gevent.joinall([gevent.spawn(worker) for _ in range(workers)])
    return {'expected': workers * increments, 'final': shared['counter']}


emit('unguarded', race_counter(10, 20, None))
emit('under the lock', race_counter(10, 20, BoundedSemaphore(1)))
