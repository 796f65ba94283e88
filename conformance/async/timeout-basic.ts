// timeout(): when the deadline passes the body is cancelled at its await, the scope raises TimeoutError, and the
// task is left as it was (cancelling() back to 0, usable). A finished scope cannot be rescheduled.
import { emit } from '../lib/transcript.ts';
import { CancelledError, RuntimeError, TimeoutError, currentTask, run, sleep, timeout, type Timeout } from '../../impls/async/index.ts';

await run(async () => {
  const me = currentTask()!;
  let scope!: Timeout;
  try {
    await timeout(0.02, async (cm) => {
      scope = cm;
      emit('has a deadline', cm.when() !== undefined, 'expired', cm.expired());
      try {
        await sleep(1);
      } catch (err) {
        if (err instanceof CancelledError) emit('body sees CancelledError', 'cancelling', me.cancelling());
        throw err;
      }
    });
  } catch (err) {
    if (!(err instanceof TimeoutError)) throw err;
    emit('TimeoutError', 'expired', scope.expired(), 'cancelling', me.cancelling());
  }
  emit('task usable', await sleep(0.001, 'yes'));
  await timeout(undefined, async (none) => {
    emit('no deadline', none.when());
    await sleep(0.01);
  });
  let early!: Timeout;
  await timeout(1, async (cm) => {
    early = cm;
    await sleep(0.001);
  });
  emit('finished early', 'expired', early.expired());
  try {
    early.reschedule(undefined);
  } catch (err) {
    if (!(err instanceof RuntimeError)) throw err;
    emit('reschedule after exit: RuntimeError');
  }
  try {
    await timeout(0, async () => {
      emit('timeout(0) body starts');
      await sleep(0);
      emit('not reached');
    });
  } catch (err) {
    if (!(err instanceof TimeoutError)) throw err;
    emit('timeout(0): TimeoutError');
  }
});
