// AsyncResult: get() waits for a value or an exception and raises the exception; without blocking, or past its
// timeout, it raises Timeout; wait() returns the value, or None for an exception or a timeout; greenlets waiting on it
// are all woken; gevent.wait() takes it like a greenlet.
import { emit, errName } from '../lib/transcript.ts';
import { AsyncResult, Timeout, joinall, run, sleep, spawn, wait, type Green } from '../../impls/fiber/index.ts';

function* main(): Green<void> {
  const r = new AsyncResult<number>();
  emit('ready', r.ready(), 'successful', r.successful(), 'value', r.value, 'exception', r.exception);
  const tries: Array<[string, () => Green<unknown>]> = [
    ['get(block=False)', () => r.get({ block: false })],
    ['get_nowait()', function* () { return r.getNowait(); }],
    ['get(timeout=0.05)', () => r.get({ timeout: 0.05 })],
  ];
  for (const [name, call] of tries) {
    try {
      yield* call();
      emit('not reached');
    } catch (e) {
      if (!(e instanceof Timeout)) throw e;
      emit(name, 'raised', errName(e));
    }
  }
  emit('wait(0.05) gives', yield* r.wait(0.05));

  spawn(function* setter() {
    yield* sleep(0.05);
    r.set(42);
  });
  const getters = [0, 1].map(() => spawn(() => r.get()));
  emit('get gives', yield* r.get());
  yield* joinall(getters);
  const waited = yield* wait([r]);
  emit('the other getters got', getters.map((g) => g.value), 'wait gives', yield* r.wait(), 'gevent.wait', waited.length === 1 && waited[0] === r);

  const failed = new AsyncResult<number>();
  spawn(function* () {
    yield* sleep(0.05);
    failed.setException(new TypeError('broken'));
  });
  try {
    yield* failed.get();
    emit('not reached');
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    emit('get raised', errName(e), e.message);
  }
  emit('wait gives', yield* failed.wait(), 'successful', failed.successful(), 'exception', errName(failed.exception), 'value', failed.value);
}

run(main);
