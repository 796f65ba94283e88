// The hub's threadpool: apply() parks the calling greenlet until a worker thread has run the function, while the other
// greenlets run, and returns its result; spawn() returns an AsyncResult; an error in the worker is printed by the hub
// and raised in the greenlet that waits for it.
import { emit, errName } from '../lib/transcript.ts';
import { getHub, run, sleep, spawn, workerCall, type Green } from '../../impls/fiber/index.ts';

const WORK = new URL('./support/threadpool-work.ts', import.meta.url).href;
const ticks: number[] = [];

function* ticker(): Green<void> {
  for (let i = 0; i < 3; i++) {
    yield* sleep(0.02);
    ticks.push(i);
  }
}

function* main(): Green<void> {
  const pool = getHub().threadpool;
  emit('apply', yield* pool.apply(workerCall(WORK, 'square', 7)));
  const r = yield* pool.spawn(workerCall(WORK, 'square', 5));
  emit('spawn gives', r.constructor.name);
  emit('get', yield* r.get(), 'ready', r.ready(), 'successful', r.successful(), 'value', r.value);
  spawn(ticker);
  emit('apply of a 0.3 s nap', yield* pool.apply(workerCall(WORK, 'nap', 0.3)), 'greenlet ticks meanwhile', ticks);
  try {
    yield* pool.apply(workerCall(WORK, 'boom', 1));
    emit('not reached');
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    emit('apply raised', errName(e), e.message);
  }
  const failed = yield* pool.spawn(workerCall(WORK, 'boom', 2));
  emit('wait gives', yield* failed.wait(), 'successful', failed.successful(), 'exception', errName(failed.exception));
}

run(main);
