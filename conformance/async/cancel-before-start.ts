// A task cancelled before it first runs never starts its body, and ends cancelled.
import { emit } from '../lib/transcript.ts';
import { CancelledError, createTask, run } from '../../impls/async/index.ts';

async function body(): Promise<void> {
  emit('body ran (wrong)');
}

await run(async () => {
  const task = createTask(body);
  emit('cancel', task.cancel());
  try {
    await task;
  } catch (err) {
    if (!(err instanceof CancelledError)) throw err;
    emit('cancelled', task.cancelled());
  }
});
