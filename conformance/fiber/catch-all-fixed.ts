// catch-all, ported as the README says: `except Exception` becomes a catch that rethrows what isBaseException()
// names (GreenletExit, Timeout), so kill() and Timeout behave as in gevent.
import { emit, errName } from '../lib/transcript.ts';
import { isBaseException, run, sleep, type Green } from '../../impls/fiber/index.ts';
import { scenario } from './catch-all.ts';

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

run(scenario, careful, undefined);
