// Waiter: a single-use slot between the hub and one greenlet. get() blocks until switch()/throw() delivers a value or
// an error; a result delivered before get() is kept, and get() returns it without blocking.
import { emit, errName } from '../lib/transcript.ts';
import { Waiter, getHub, run, type Green } from '../../impls/fiber/index.ts';

class KeyError extends Error {
  override name = 'KeyError';
}

function* main(): Green<void> {
  const hub = getHub();
  const w = new Waiter<string>(hub);
  hub.timer(0.01, () => w.switch('hello'));
  emit('ready before', w.ready());
  emit('get', yield* w.get());

  const early = new Waiter<string>(hub);
  early.switch('kept');
  emit('ready', early.ready());
  emit('get without blocking', yield* early.get());

  const failing = new Waiter<string>(hub);
  hub.timer(0.01, () => failing.throw(new KeyError('k')));
  try {
    yield* failing.get();
  } catch (e) {
    emit('get raised', errName(e));
  }
}

run(main);
