// A greenlet that raises is printed by the hub when it fails, before anyone joins it; get() re-raises the same
// exception later; the other greenlets are unaffected.
import { emit, errName } from '../lib/transcript.ts';
import { joinall, run, sleep, spawn, type Green } from '../../impls/fiber/index.ts';

class KeyError extends Error {
  override name = 'KeyError';
}

function* ok(name: string): Green<string> {
  emit('run', name);
  yield* sleep(0.02);
  emit('done', name);
  return name;
}

function* boom(name: string): Green<never> {
  emit('run', name);
  throw new KeyError(name);
}

function* main(): Green<void> {
  const a = spawn(ok, 'a');
  const b = spawn(boom, 'b');
  yield* joinall([a, b]);
  emit('ready', a.ready(), b.ready(), 'successful', a.successful(), b.successful());
  emit('exception', b.exception);
  try {
    yield* b.get();
  } catch (e) {
    emit('get raised', errName(e), e === b.exception);
  }
  emit('value', yield* a.get());
}

run(main);
