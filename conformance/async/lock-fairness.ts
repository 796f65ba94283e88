// Lock: waiters get the lock in the order they asked; release() unlocks at once (locked() is false until the next
// waiter runs) yet a newcomer does not jump the queue; releasing an unlocked Lock raises RuntimeError.
import { emit } from '../lib/transcript.ts';
import { Lock, RuntimeError, createTask, gather, run, sleep } from '../../impls/async/index.ts';

await run(async () => {
  const lock = new Lock();
  await lock.acquire();

  const worker = async (name: string): Promise<void> => {
    emit('wants', name);
    await lock.hold(async () => {
      emit('holds', name);
      await sleep(0.01);
    });
  };

  const workers = [...'abc'].map((name) => createTask(worker, name));
  await sleep(0.01);
  lock.release();
  emit('locked right after release', lock.locked());
  await sleep(0);
  const late = createTask(worker, 'late');
  await gather(...workers, late);
  emit('locked at end', lock.locked());
  try {
    lock.release();
  } catch (err) {
    if (!(err instanceof RuntimeError)) throw err;
    emit('release when unlocked: RuntimeError');
  }
});
