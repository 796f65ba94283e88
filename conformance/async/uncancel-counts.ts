// cancel() counts requests (cancelling()); uncancel() withdraws one and returns what is left. In 3.12 withdrawing the
// last request does not withdraw a cancellation already scheduled for delivery: the next await still raises.
import { emit } from '../lib/transcript.ts';
import { CancelledError, createTask, currentTask, run, sleep } from '../../impls/async/index.ts';

await run(async () => {
  const me = currentTask()!;
  emit('cancelling', me.cancelling());
  emit('cancel', me.cancel(), me.cancel());
  emit('cancelling', me.cancelling());
  emit('uncancel', me.uncancel(), me.uncancel(), me.uncancel());
  try {
    await sleep(0.01);
    emit('sleep completed');
  } catch (err) {
    if (!(err instanceof CancelledError)) throw err;
    emit('CancelledError delivered after uncancel to 0');
  }
  emit('cancelling', me.cancelling());
  await sleep(0.001);
  emit('next sleep completed');

  const task = createTask(() => sleep(1));
  await sleep(0.01);
  emit('cancel child', task.cancel(), task.cancel(), 'cancelling', task.cancelling());
  try {
    await task;
  } catch (err) {
    if (!(err instanceof CancelledError)) throw err;
    emit('child cancelled', task.cancelled(), 'cancelling', task.cancelling());
  }
  emit('cancel a done task', task.cancel(), 'cancelling', task.cancelling());
});
