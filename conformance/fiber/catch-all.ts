// A catch-all handler for errors lets GreenletExit and Timeout through in Python: they are BaseExceptions, which
// `except Exception` does not catch. So a greenlet that handles its own errors is still killed by kill() and still
// interrupted by its Timeout. (Ported as a newcomer would, with a bare catch: see the departure.)
import { emit, errName } from '../lib/transcript.ts';
import { Timeout, run, sleep, spawn, type Green } from '../../impls/fiber/index.ts';

function* careful(name: string): Green<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      yield* sleep(0.5);
    } catch (e) {
      emit(name, 'handled', errName(e), 'and retries');
    }
  }
  emit(name, 'gave up');
}

function* main(): Green<void> {
  const g = spawn(careful, 'killed');
  yield* sleep(0);
  yield* g.kill(undefined, { timeout: 0.2 });
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
