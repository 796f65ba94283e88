// Group.join(raise_error=True) waits until the group is empty, then raises a member's failure; without raise_error it
// raises nothing, and returns whether the group emptied within the timeout.
import { emit, errName } from '../lib/transcript.ts';
import { Group, run, sleep, type Green } from '../../impls/fiber/index.ts';

class KeyError extends Error {
  override name = 'KeyError';
}

function* fails(): Green<never> {
  yield* sleep(0.01);
  emit('fails raises');
  throw new KeyError('x');
}

function* slow(): Green<void> {
  yield* sleep(0.1);
  emit('slow done');
}

function* main(): Green<void> {
  const group = new Group();
  group.spawn(fails);
  group.spawn(slow);
  try {
    yield* group.join({ raiseError: true });
    emit('join returned');
  } catch (e) {
    emit('join raised', errName(e), 'members left', group.size);
  }
  group.spawn(slow);
  emit('join with timeout', yield* group.join({ timeout: 0.01 }), group.size);
  emit('join', yield* group.join(), group.size);
}

run(main);
