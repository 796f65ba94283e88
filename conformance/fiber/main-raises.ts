// An uncaught error in the main greenlet ends the program as any Python script ends: its traceback on stderr, exit
// status 1, and the greenlets still waiting never run again.
import { emit } from '../lib/transcript.ts';
import { run, sleep, spawn, type Green } from '../../impls/fiber/index.ts';

class KeyError extends Error {
  override name = 'KeyError';
}

function* other(): Green<void> {
  emit('other runs');
  yield* sleep(0.2);
  emit('other after sleep');
}

function* main(): Green<void> {
  emit('main starts');
  spawn(other);
  yield* sleep(0.01);
  emit('main raises');
  throw new KeyError('main');
}

run(main);
