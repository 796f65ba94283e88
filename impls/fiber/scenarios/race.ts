/**
 * Shared state across a switch point (scenarios/race.ts), the gevent way: greenlets that read a shared counter,
 * sleep(0) (every other runnable greenlet runs before this one goes on), and write what they read plus one. With the
 * lock, gevent's BoundedSemaphore(1) (what threading.Lock is under monkey.patch_all(), and the lock gevent's docs
 * recommend) guards the three steps, as `with lock:` would.
 */
import type { RaceOptions, RaceOutcome } from '../../contract.ts';
import { spawn } from '../greenlet.ts';
import { sleep } from '../hub.ts';
import { BoundedSemaphore } from '../sync.ts';
import { joinall } from '../wait.ts';
import type { Green } from '../waiter.ts';

// #region race
interface Shared {
  counter: number;
}

function* increment(shared: Shared): Green<void> {
  const seen = shared.counter;
  yield* sleep(0); // the switch point
  shared.counter = seen + 1;
}

function* worker(shared: Shared, increments: number, lock: BoundedSemaphore | undefined): Green<void> {
  for (let i = 0; i < increments; i++) {
    if (lock === undefined) yield* increment(shared);
    else yield* lock.withLock(() => increment(shared));
  }
}

export function* raceCounter(options: RaceOptions): Green<RaceOutcome> {
  const shared: Shared = { counter: 0 };
  const lock = options.lock ? new BoundedSemaphore(1) : undefined;
  const workers = Array.from({ length: options.workers }, () => spawn(worker, shared, options.increments, lock));
  yield* joinall(workers);
  return { expected: options.workers * options.increments, final: shared.counter };
}
// #endregion
