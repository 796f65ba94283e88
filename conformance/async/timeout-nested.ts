// Nested timeout() scopes: the scope whose deadline passed raises TimeoutError; an inner scope whose deadline did not
// pass lets the CancelledError through to it; an outer scope is untouched by an inner one's expiry.
import { emit } from '../lib/transcript.ts';
import { CancelledError, TimeoutError, currentTask, run, sleep, timeout, type Timeout } from '../../impls/async/index.ts';

await run(async () => {
  const me = currentTask()!;
  let outer!: Timeout;
  let inner!: Timeout;
  try {
    await timeout(0.02, async (o) => {
      outer = o;
      try {
        await timeout(1, async (i) => {
          inner = i;
          await sleep(1);
        });
      } catch (err) {
        if (err instanceof CancelledError) emit('inner scope lets CancelledError through', 'inner expired', inner.expired());
        throw err;
      }
    });
  } catch (err) {
    if (!(err instanceof TimeoutError)) throw err;
    emit('outer TimeoutError', 'outer expired', outer.expired());
  }
  emit('cancelling', me.cancelling());

  await timeout(1, async (o) => {
    try {
      await timeout(0.02, async (i) => {
        inner = i;
        await sleep(1);
      });
    } catch (err) {
      if (!(err instanceof TimeoutError)) throw err;
      emit('inner TimeoutError', 'inner expired', inner.expired(), 'outer expired', o.expired());
    }
    await sleep(0.01);
    emit('outer body goes on');
  });
  emit('cancelling', me.cancelling());

  try {
    await timeout(0.05, async (o) => {
      outer = o;
      try {
        await timeout(0.02, () => sleep(1));
      } catch (err) {
        if (!(err instanceof TimeoutError)) throw err;
        emit('inner TimeoutError first');
        await sleep(1);
        emit('not reached');
      }
    });
  } catch (err) {
    if (!(err instanceof TimeoutError)) throw err;
    emit('then outer TimeoutError', 'outer expired', outer.expired());
  }
  emit('cancelling', me.cancelling());
});
