// Timeout: raised in the greenlet that started it, at the point where it is blocked when the time comes; code catches
// its own Timeout by identity, so nested timeouts do not confuse each other; a cancelled one never fires; one that
// comes due while its greenlet is busy lands at its next blocking call; exception= raises that instead;
// with_timeout returns timeout_value instead of raising.
import { emit, errName } from '../lib/transcript.ts';
import { Event, Timeout, run, sleep, withTimeout, type Green } from '../../impls/fiber/index.ts';

class Late extends Error {
  override name = 'Late';
}

function* main(): Green<void> {
  const never = new Event();

  const outer = Timeout.startNew(0.2);
  try {
    const inner = Timeout.startNew(0.01);
    try {
      yield* never.wait();
    } catch (t) {
      if (!(t instanceof Timeout)) throw t;
      emit('inner caught', t === inner, t === outer);
    } finally {
      inner.cancel();
    }
    yield* never.wait();
  } catch (t) {
    if (!(t instanceof Timeout)) throw t;
    emit('outer caught', t === outer, 'pending', outer.pending);
  } finally {
    outer.cancel();
  }

  const cancelled = Timeout.startNew(0.01);
  cancelled.cancel();
  yield* sleep(0.03);
  emit('cancelled one never fired', cancelled.pending);

  const t = Timeout.startNew(0.01, new Late('late'));
  try {
    let total = 0;
    for (let i = 0; i < 3; i++) total += i; // no blocking call: the timeout cannot land here
    emit('busy part done', total);
    yield* sleep(0.05);
  } catch (e) {
    if (!(e instanceof Late)) throw e;
    emit('raised the given exception', errName(e));
  } finally {
    t.cancel();
  }

  emit('with_timeout', yield* withTimeout(0.01, () => never.wait(), { timeoutValue: 'gave up' }));
  try {
    yield* withTimeout(0.01, () => never.wait());
  } catch (e) {
    if (!(e instanceof Timeout)) throw e;
    emit('with_timeout raised', errName(e), e.message);
  }
  emit('no timeout', new Timeout(undefined).pending, new Timeout().message);
}

run(main);
