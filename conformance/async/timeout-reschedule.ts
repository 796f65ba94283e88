// Timeout.reschedule(when) moves the deadline to an absolute time on the loop's clock: later, none, or a time
// already past (the scope then expires at once).
import { emit } from '../lib/transcript.ts';
import { TimeoutError, loopTime, run, sleep, timeout, type Timeout } from '../../impls/async/index.ts';

await run(async () => {
  let scope!: Timeout;
  try {
    await timeout(0.02, async (cm) => {
      scope = cm;
      cm.reschedule(loopTime() + 0.3);
      await sleep(0.05);
      emit('still running past the first deadline');
      cm.reschedule(undefined);
      emit('when', cm.when());
      await sleep(0.35);
      emit('still running with no deadline');
      cm.reschedule(loopTime() - 1);
      emit('deadline moved into the past');
      await sleep(1);
      emit('not reached');
    });
  } catch (err) {
    if (!(err instanceof TimeoutError)) throw err;
    emit('TimeoutError', 'expired', scope.expired());
  }
});
