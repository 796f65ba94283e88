// A catch-all handler for errors lets GreenletExit and Timeout through in Python: they are BaseExceptions, which
// `except Exception` does not catch. So a greenlet that handles its own errors is still killed by kill() and still
// interrupted by its Timeout. (Ported as a newcomer would, with a bare catch: see the departure. catch-all-fixed runs
// the same scenario with the handler the README prescribes.)
import { pathToFileURL } from 'node:url';
import { emit, errName } from '../lib/transcript.ts';
import { Timeout, run, sleep, spawn, type Green } from '../../impls/fiber/index.ts';

/** The greenlet body under test: it retries a sleep, handling errors its own way. */
export type Careful = (name: string) => Green<void>;

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

/** The steps of the case, with the greenlet body under test. */
export function* scenario(body: Careful, killTimeout: number | undefined): Green<void> {
  const g = spawn(body, 'killed');
  yield* sleep(0);
  yield* g.kill(undefined, { timeout: killTimeout });
  emit('kill', 'dead', g.dead, 'value', errName(g.value));

  const t = Timeout.startNew(0.01);
  try {
    yield* body('timed');
  } catch (e) {
    emit('timeout reached its owner', e === t);
  } finally {
    t.cancel();
  }
}

// A word-for-word port never dies of the kill: wait for it only so long.
if (import.meta.url === pathToFileURL(process.argv[1]!).href) run(scenario, careful, 0.2);
