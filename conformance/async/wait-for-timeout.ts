// waitFor: on timeout it cancels the work, waits until the work has finished cleaning up, then raises TimeoutError;
// in time, it returns the result. A function runs in the caller's own task (as a coroutine does in 3.12); a timeout
// of 0 cancels a task before it ever starts.
import { emit } from '../lib/transcript.ts';
import { TimeoutError, createTask, currentTask, run, sleep, waitFor } from '../../impls/async/index.ts';

async function slow(): Promise<void> {
  try {
    await sleep(1);
  } finally {
    emit('cleanup starts');
    await sleep(0.02);
    emit('cleanup ends');
  }
}

await run(async () => {
  const me = currentTask()!;
  const task = createTask(slow);
  try {
    await waitFor(task, 0.02);
  } catch (err) {
    if (!(err instanceof TimeoutError)) throw err;
    emit('TimeoutError', 'task cancelled', task.cancelled());
  }
  emit('cancelling after timeout', me.cancelling());
  emit('in time', await waitFor(() => sleep(0.01, 'value'), 1));

  const whichTask = async (): Promise<boolean> => {
    await sleep(0);
    return currentTask() === me;
  };
  emit('runs in the caller task', await waitFor(whichTask, 1));
  const started: boolean[] = [];
  const never = async (): Promise<void> => {
    started.push(true);
  };
  try {
    await waitFor(never, 0);
  } catch (err) {
    if (!(err instanceof TimeoutError)) throw err;
    emit('timeout 0: TimeoutError', 'started', started.length);
  }
  emit('no timeout', await waitFor(() => sleep(0.01, 'none'), undefined));
});
