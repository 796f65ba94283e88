// What the hub prints when something it runs fails: the traceback, then the UTC time and the failed thing by its repr
// (a callback, a timer, a named greenlet, a link with the greenlet it was linked to), and it goes on running.
import { emit } from '../lib/transcript.ts';
import { Greenlet, getHub, run, sleep, spawn, type Green } from '../../impls/fiber/index.ts';

class ValueError extends Error {
  override name = 'ValueError';
}
class IndexError extends Error {
  override name = 'IndexError';
}
class KeyError extends Error {
  override name = 'KeyError';
}

function callback(): void {
  emit('callback runs');
  throw new ValueError('callback');
}

function timer_fired(): void {
  emit('timer fires');
  throw new IndexError('timer');
}

function* boom(n: number): Green<never> {
  emit('boom', n);
  throw new KeyError(String(n));
}

function* quiet(): Green<void> {
  emit('quiet runs');
}

function bad_link(): void {
  emit('rawlink runs');
  throw new TypeError('link');
}

function* main(): Green<void> {
  const hub = getHub();
  hub.callback(callback);
  hub.timer(0.02, timer_fired);
  const g = new Greenlet(boom, [1]);
  g.name = 'worker';
  g.start();
  const q = spawn(quiet);
  q.rawlink(bad_link);
  yield* sleep(0.1);
  emit('still running');
}

run(main);
