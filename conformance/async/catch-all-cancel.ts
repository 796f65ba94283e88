// The porting trap: in Python `except Exception` does not catch CancelledError (a BaseException), so a catch-all in
// a cancelled task lets the cancellation through. Ported word for word, a JavaScript `catch` catches it.
import { emit } from '../lib/transcript.ts';
import { CancelledError, createTask, run, sleep } from '../../impls/async/index.ts';

async function worker(): Promise<string> {
  try {
    await sleep(1);
  } catch (err) {
    emit('catch-all caught', err);
  }
  emit('worker goes on');
  return 'finished';
}

await run(async () => {
  const task = createTask(worker);
  await sleep(0.01);
  task.cancel();
  try {
    emit('result', await task);
  } catch (err) {
    if (!(err instanceof CancelledError)) throw err;
    emit('worker cancelled', task.cancelled());
  }
});
