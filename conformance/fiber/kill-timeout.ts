// Killing greenlets that refuse to die in time: killall(timeout=) raises its Timeout; Group.kill(timeout=) and
// Greenlet.kill(timeout=) return quietly, the greenlets still alive.
import { emit, errName } from '../lib/transcript.ts';
import { GreenletExit, Group, joinall, killall, run, sleep, spawn, type Green } from '../../impls/fiber/index.ts';

function* stubborn(name: string): Green<void> {
  try {
    yield* sleep(10);
  } catch (e) {
    if (!(e instanceof GreenletExit)) throw e;
    emit('caught GreenletExit', name);
    yield* sleep(0.5);
    emit('dies at last', name);
  }
}

function* main(): Green<void> {
  const a = spawn(stubborn, 'a');
  yield* sleep(0);
  try {
    yield* killall([a], { timeout: 0.02 });
    emit('killall returned');
  } catch (e) {
    emit('killall raised', errName(e), (e as Error).message, 'dead', a.dead);
  }

  const group = new Group();
  group.spawn(stubborn, 'b');
  yield* sleep(0);
  yield* group.kill({ timeout: 0.02 });
  emit('group kill returned', 'members', group.size);

  const c = spawn(stubborn, 'c');
  yield* sleep(0);
  yield* c.kill(undefined, { timeout: 0.02 });
  emit('kill returned', 'dead', c.dead);
  yield* joinall([a, c]);
  yield* group.join();
  emit('all dead', a.dead, c.dead, group.size);
}

run(main);
