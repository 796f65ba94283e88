// Semaphore: at most its value inside at once; waiters get in in the order they asked; locked() says whether an
// acquire would wait. BoundedSemaphore refuses an extra release with ValueError. (Each task is given a loop turn to
// get going before the next is created: see await-yields for how task steps interleave otherwise.)
import { emit } from '../lib/transcript.ts';
import { BoundedSemaphore, Semaphore, ValueError, createTask, gather, run, sleep } from '../../impls/async/index.ts';

async function user(sem: Semaphore, name: string, hold: number): Promise<void> {
  emit('wants', name);
  await sem.hold(async () => {
    emit('in', name, 'locked', sem.locked());
    await sleep(hold);
  });
  emit('out', name);
}

await run(async () => {
  const sem = new Semaphore(2);
  const users = [];
  for (const [name, hold] of [['a', 0.1], ['b', 0.4], ['c', 0.1], ['d', 0.4], ['e', 0.1]] as const) {
    users.push(createTask(user, sem, name, hold));
    await sleep(0);
  }
  await gather(...users);
  emit('locked at end', sem.locked());
  const bounded = new BoundedSemaphore(1);
  await bounded.acquire();
  bounded.release();
  try {
    bounded.release();
  } catch (err) {
    if (!(err instanceof ValueError)) throw err;
    emit('extra release: ValueError');
  }
  try {
    new Semaphore(-1);
  } catch (err) {
    if (!(err instanceof ValueError)) throw err;
    emit('negative value: ValueError');
  }
});
