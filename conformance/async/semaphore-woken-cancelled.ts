// A Semaphore waiter that was woken by release() but cancelled before it could run does not keep the slot: its
// acquire() raises CancelledError and the slot goes to the next waiter.
import { emit } from '../lib/transcript.ts';
import { CancelledError, Semaphore, createTask, gather, run, sleep } from '../../impls/async/index.ts';

async function waiter(sem: Semaphore, name: string): Promise<void> {
  try {
    await sem.acquire();
  } catch (err) {
    if (err instanceof CancelledError) emit('acquire raised CancelledError', name);
    throw err;
  }
  emit('acquired', name);
  await sleep(0.01);
  sem.release();
  emit('released', name);
}

await run(async () => {
  const sem = new Semaphore(1);
  await sem.acquire();
  const a = createTask(waiter, sem, 'a');
  const b = createTask(waiter, sem, 'b');
  await sleep(0.01);
  sem.release();
  a.cancel();
  emit('released and cancelled the woken waiter', 'locked', sem.locked());
  await gather(a, b, { returnExceptions: true });
  emit('a cancelled', a.cancelled(), 'b done', b.done(), 'locked', sem.locked());
});
