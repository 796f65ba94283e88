// Event: set() wakes every waiter (even if cleared again at once); wait() on a set event returns at once; a waiter
// cancelled while waiting just leaves.
import { emit } from '../lib/transcript.ts';
import { CancelledError, Event, createTask, gather, run, sleep } from '../../impls/async/index.ts';

await run(async () => {
  const event = new Event();

  const waiter = async (name: string): Promise<void> => {
    emit('waits', name);
    try {
      emit('woke', name, await event.wait());
    } catch (err) {
      if (err instanceof CancelledError) emit('waiter cancelled', name);
      throw err;
    }
  };

  const waiters = [...'ab'].map((name) => createTask(waiter, name));
  const cancelled = createTask(waiter, 'c');
  await sleep(0.01);
  cancelled.cancel();
  await sleep(0.01);
  event.set();
  event.clear();
  emit('is_set after set and clear', event.isSet());
  await gather(...waiters);
  event.set();
  emit('wait on a set event', await event.wait());
});
