// joinall(raise_error=True) raises the first failure as soon as it is seen, while the other greenlets keep running;
// without it, joinall raises nothing and returns the greenlets that ended, failures included.
import { emit, errName } from '../lib/transcript.ts';
import { joinall, run, sleep, spawn, type Green, type Greenlet } from '../../impls/fiber/index.ts';

class KeyError extends Error {
  override name = 'KeyError';
}

function* fails(): Green<string> {
  yield* sleep(0.01);
  throw new KeyError('x');
}

function* slow(): Green<string> {
  yield* sleep(0.5);
  emit('slow done');
  return 'slow';
}

function* main(): Green<void> {
  const gs: Array<Greenlet<string>> = [spawn(slow), spawn(fails)];
  try {
    yield* joinall(gs, { raiseError: true });
  } catch (e) {
    emit('joinall raised', errName(e), 'slow still running', !gs[0]!.dead);
  }
  const done = yield* joinall(gs);
  emit('joinall', done.length, gs.map((g) => g.successful()));
}

run(main);
