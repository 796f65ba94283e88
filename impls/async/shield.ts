/**
 * asyncio.shield: await something without letting a cancellation of the awaiting task reach it.
 */
import { ensureFuture, type AwaitableLike } from './awaitables.ts';
import { Future } from './future.ts';

/**
 * Protects `aw` from cancellation: cancelling the returned future (or a task awaiting it) does not cancel `aw`,
 * which keeps running. Cancelling `aw` itself cancels the returned future.
 */
export function shield<T>(aw: AwaitableLike<T>): Future<T> {
  const inner = ensureFuture(aw, 'shield()');
  if (inner.done()) return inner;
  const outer = new Future<T>();
  const onInnerDone = (): void => {
    if (outer.cancelled()) {
      if (!inner.cancelled()) inner.exception(); // nobody is waiting for it any more; don't report it as lost
      return;
    }
    if (inner.cancelled()) outer.cancel();
    else if (inner.peekFailure().failed) outer.setException(inner.exception());
    else outer.setResult(inner.result());
  };
  inner.addDoneCallback(onInnerDone);
  outer.addDoneCallback(() => {
    if (!inner.done()) inner.removeDoneCallback(onInnerDone);
  });
  return outer;
}
