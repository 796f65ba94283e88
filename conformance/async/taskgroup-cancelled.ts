// Cancelling the task that runs a TaskGroup cancels the group's children; the group waits for them and the
// CancelledError propagates.
import { emit } from '../lib/transcript.ts';
import { CancelledError, createTask, run, sleep, taskGroup } from '../../impls/async/index.ts';

async function child(name: string): Promise<void> {
  try {
    await sleep(1);
  } catch (err) {
    if (err instanceof CancelledError) emit('child cancelled', name);
    throw err;
  }
}

async function holder(): Promise<void> {
  try {
    await taskGroup(async (tg) => {
      tg.createTask(child, 'a');
      tg.createTask(child, 'b');
      await sleep(1);
    });
  } catch (err) {
    if (err instanceof CancelledError) emit('holder got CancelledError');
    throw err;
  }
}

await run(async () => {
  const task = createTask(holder);
  await sleep(0.01);
  task.cancel();
  try {
    await task;
  } catch (err) {
    if (!(err instanceof CancelledError)) throw err;
    emit('holder cancelled', task.cancelled());
  }
});
