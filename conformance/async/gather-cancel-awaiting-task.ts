// Cancelling a task that awaits gather() reaches the gathered children: each is cancelled (its handler runs), and
// the waiting task ends cancelled once they have all finished.
import { emit } from '../lib/transcript.ts';
import { CancelledError, createTask, gather, run, sleep } from '../../impls/async/index.ts';

async function child(name: string): Promise<void> {
  try {
    await sleep(1);
    emit('finish', name);
  } catch (err) {
    if (err instanceof CancelledError) emit('child cancelled', name);
    throw err;
  }
}

async function waiting(): Promise<void> {
  try {
    await gather(() => child('a'), () => child('b'));
  } catch (err) {
    if (err instanceof CancelledError) emit('waiting task got CancelledError');
    throw err;
  }
}

await run(async () => {
  const task = createTask(waiting);
  await sleep(0.01);
  emit('cancel', task.cancel());
  try {
    await task;
  } catch (err) {
    if (!(err instanceof CancelledError)) throw err;
    emit('task cancelled', task.cancelled());
  }
});
