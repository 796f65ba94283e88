// gevent.wait returns the ready objects in the order they became ready (those ready already first, in argument
// order); with count it returns as soon as that many are; with a timeout, those ready by then.
import { emit } from '../lib/transcript.ts';
import { Event, joinall, run, sleep, spawn, spawnLater, wait, type Green, type Greenlet } from '../../impls/fiber/index.ts';

function* after(seconds: number, name: string): Green<string> {
  yield* sleep(seconds);
  return name;
}

const names = (gs: Array<Greenlet<string>>): Array<string | undefined> => gs.map((g) => g.value);

function* main(): Green<void> {
  let gs = [spawn(after, 0.06, 'slow'), spawn(after, 0.01, 'fast'), spawn(after, 0.03, 'middle')];
  emit('wait all', names(yield* wait(gs)));
  const done = [spawn(after, 0, 'x'), spawn(after, 0, 'y')];
  yield* sleep(0.01);
  const mixed = [spawn(after, 0.02, 'later'), done[1]!, spawn(after, 0.01, 'sooner'), done[0]!];
  emit('wait mixed', names(yield* wait(mixed)));
  gs = [spawn(after, 0.05, 'c'), spawn(after, 0.01, 'a'), spawn(after, 0.03, 'b')];
  emit('wait count 2', names(yield* wait(gs, { count: 2 })));
  gs = [spawn(after, 0.5, 'never'), spawn(after, 0.01, 'soon')];
  emit('wait timeout', names(yield* wait(gs, { timeout: 0.25 })));
  const ev = new Event();
  const g = spawn(after, 0.01, 'greenlet');
  spawnLater(0.03, function* () {
    ev.set();
  });
  emit('wait event', (yield* wait<Event | Greenlet<string>>([ev, g])).map((o) => o === ev));
  const same = [spawn(after, 0, 'first'), spawn(after, 0, 'second')];
  emit('same turn', names(yield* wait([same[1]!, same[0]!])));
  emit('joinall', names(yield* joinall(gs)));
}

run(main);
