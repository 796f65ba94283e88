// kill(): a greenlet not yet started is dead at once and never runs; a blocked one gets GreenletExit raised where it
// waits, runs its finally blocks, and counts as successful with the GreenletExit as its value (nothing printed);
// killing a dead greenlet does nothing; killing with another exception makes it fail with that one (printed).
import { emit, errName } from '../lib/transcript.ts';
import { run, sleep, spawn, type Green } from '../../impls/fiber/index.ts';

function* body(name: string): Green<void> {
  emit('runs', name);
  try {
    yield* sleep(10);
    emit('not reached', name);
  } finally {
    emit('finally', name);
  }
}

class Stop extends Error {
  override name = 'Stop';
}

function* main(): Green<void> {
  const early = spawn(body, 'early');
  yield* early.kill();
  emit('early', 'dead', early.dead, 'successful', early.successful(), 'value', errName(early.value));

  const blocked = spawn(body, 'blocked');
  yield* sleep(0);
  yield* blocked.kill();
  emit('blocked', 'dead', blocked.dead, 'successful', blocked.successful(), 'value', errName(blocked.value), 'exception', blocked.exception);
  yield* blocked.kill();
  emit('killed again: nothing happens');

  const nowait = spawn(body, 'nowait');
  yield* sleep(0);
  void nowait.kill(undefined, { block: false });
  emit('block=False returns before it dies', nowait.dead);
  yield* nowait.join();
  emit('then it is dead', nowait.dead);

  const other = spawn(body, 'other');
  yield* sleep(0);
  yield* other.kill(new Stop('stop'));
  emit('other', 'successful', other.successful(), 'exception', errName(other.exception));
}

run(main);
