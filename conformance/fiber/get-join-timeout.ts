// Waiting on a greenlet with a deadline: get(block=False) and get(timeout=) raise Timeout while it runs, join(timeout=)
// returns None either way, and get() returns its value once it has ended; the Timeout says its seconds.
import { emit, errName } from '../lib/transcript.ts';
import { Timeout, run, sleep, spawn, type Green } from '../../impls/fiber/index.ts';

function* slow(): Green<string> {
  yield* sleep(0.3);
  return 'value';
}

function* main(): Green<void> {
  const g = spawn(slow);
  try {
    yield* g.get({ block: false });
  } catch (e) {
    if (!(e instanceof Timeout)) throw e;
    emit('get(block=False) raised', errName(e), e.message);
  }
  try {
    yield* g.get({ timeout: 0.01 });
  } catch (e) {
    if (!(e instanceof Timeout)) throw e;
    emit('get(timeout) raised', errName(e), e.message);
  }
  emit('join(timeout) returns', yield* g.join(0.01), 'dead', g.dead);
  emit('join returns', yield* g.join(), 'dead', g.dead);
  emit('get', yield* g.get(), yield* g.get({ block: false }));
  emit('Timeout(1)', new Timeout(1).message, 'Timeout()', new Timeout().message);
}

run(main);
