// Future: result() and exception() of a pending future throw InvalidStateError; setting a done future again does
// too; a cancelled future throws CancelledError from both; a failed one returns its exception from exception().
import { emit } from '../lib/transcript.ts';
import { CancelledError, Future, InvalidStateError, run } from '../../impls/async/index.ts';

class KeyError extends Error {
  override name = 'KeyError';
}

await run(async () => {
  const pending = new Future<string>();
  for (const [name, call] of [['result', () => pending.result()], ['exception', () => pending.exception()]] as const) {
    try {
      call();
    } catch (err) {
      if (!(err instanceof InvalidStateError)) throw err;
      emit(name, 'of a pending future', err);
    }
  }
  emit('done', pending.done(), 'cancel', pending.cancel(), 'cancelled', pending.cancelled(), 'cancel again', pending.cancel());
  for (const [name, call] of [['result', () => pending.result()], ['exception', () => pending.exception()]] as const) {
    try {
      call();
    } catch (err) {
      if (!(err instanceof CancelledError)) throw err;
      emit(name, 'of a cancelled future', err);
    }
  }
  const failed = new Future<number>();
  failed.setException(new KeyError('k'));
  emit('exception of a failed future', failed.exception());
  try {
    failed.setResult(1);
  } catch (err) {
    if (!(err instanceof InvalidStateError)) throw err;
    emit('set_result on a done future', err);
  }
  const ok = new Future<string>();
  setImmediate(() => ok.setResult('later'));
  emit('awaited', await ok, 'exception', ok.exception());
});
