// catch-all, ported as the README says: `except Exception` becomes a catch that rethrows what isBaseException()
// names (GreenletExit, Timeout), so kill() and Timeout behave as in gevent.
import { emit, errName } from '../lib/transcript.ts';
import { Timeout, isBaseException, run, sleep, spawn, type Green } from '../../impls/fiber/index.ts';

function* careful(name: string): Green<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      yield* sleep(0.5);
    } catch (e) {
      if (isBaseException(e)) throw e;
      emit(name, 'handled', errName(e), 'and retries');
    }
  }
  emit(name, 'gave up');
}

function* main(): Green<void> {
  const g = spawn(careful, 'killed');
  yield* sleep(0);
  yield* g.kill();
  emit('kill', 'dead', g.dead, 'value', errName(g.value));

  const t = Timeout.startNew(0.01);
  try {
    yield* careful('timed');
  } catch (e) {
    emit('timeout reached its owner', e === t);
  } finally {
    t.cancel();
  }
}

run(main);
