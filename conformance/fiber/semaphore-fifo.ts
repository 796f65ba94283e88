// Semaphore: acquire takes a unit or blocks; blocked greenlets get units in the order they asked; acquire(blocking=
// False) and acquire(timeout=) return False instead of waiting; BoundedSemaphore refuses an extra release.
import { emit } from '../lib/transcript.ts';
import { BoundedSemaphore, Semaphore, joinall, run, sleep, spawn, type Green } from '../../impls/fiber/index.ts';

const sem = new Semaphore(1);

function* user(name: string): Green<void> {
  emit('wants', name);
  yield* sem.acquire();
  emit('got', name);
  yield* sleep(0.01);
  emit('releases', name);
  sem.release();
}

function* main(): Green<void> {
  const gs = ['a', 'b', 'c'].map((n) => spawn(user, n));
  yield* sleep(0);
  emit('locked', sem.locked(), 'counter', sem.counter);
  yield* joinall(gs);
  emit('after', sem.counter);
  yield* sem.acquire();
  emit('non-blocking', yield* sem.acquire({ blocking: false }), 'timeout', yield* sem.acquire({ timeout: 0.01 }));
  sem.release();
  emit('wait', yield* sem.wait(), sem.counter);
  const b = new BoundedSemaphore(1);
  try {
    b.release();
  } catch {
    emit('bounded release', 'refused');
  }
}

run(main);
