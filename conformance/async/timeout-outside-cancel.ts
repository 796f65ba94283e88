// A cancellation from outside a timeout() scope propagates as CancelledError, not TimeoutError, and the scope does
// not count as expired.
import { emit } from '../lib/transcript.ts';
import { CancelledError, TimeoutError, createTask, run, sleep, timeout, type Timeout } from '../../impls/async/index.ts';

async function body(): Promise<void> {
  let scope!: Timeout;
  try {
    await timeout(1, async (cm) => {
      scope = cm;
      await sleep(1);
    });
  } catch (err) {
    if (err instanceof TimeoutError) emit('TimeoutError (wrong)');
    else if (err instanceof CancelledError) {
      emit('CancelledError propagates', 'expired', scope.expired());
      throw err;
    } else throw err;
  }
}

await run(async () => {
  const task = createTask(body);
  await sleep(0.01);
  task.cancel();
  try {
    await task;
  } catch (err) {
    if (!(err instanceof CancelledError)) throw err;
    emit('task cancelled', task.cancelled());
  }
});
