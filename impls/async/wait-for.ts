/**
 * asyncio.wait_for, the 3.12 way: the work runs under a timeout() scope in the caller's own task.
 */
import { describeValue, ensureFuture } from './awaitables.ts';
import { CancelledError, TimeoutError } from './errors.ts';
import { Future } from './future.ts';
import { timeout } from './timeouts.ts';

/**
 * Awaits `aw` for at most `seconds` (undefined: no limit), as asyncio 3.12's wait_for does:
 *  - an async function runs in the caller's own task, under a timeout() scope, so its library awaits are the
 *    caller's: on timeout they are cancelled, its `finally` blocks run, and then TimeoutError is thrown;
 *  - a future or task is awaited under the scope: on timeout it is cancelled, waited for, then TimeoutError;
 *  - cancelling the caller cancels the work too; work that swallows the cancellation and returns a value has that
 *    value returned (3.12), whether the caller was cancelled or the deadline passed;
 *  - `seconds` <= 0: a function is started as a task and cancelled before it can run, as asyncio does.
 * A promise is refused: it stands for work that is already running, which waitFor could not stop (see
 * docs/departures.md#async-waitfor-promise). Pass the function that makes it instead.
 */
export async function waitFor<T>(aw: Future<T> | (() => PromiseLike<T> | T), seconds: number | undefined): Promise<T> {
  if (!(aw instanceof Future) && typeof aw !== 'function') {
    throw new TypeError(
      `waitFor() takes an async function, a task or a future, got ${describeValue(aw)}: a promise is work already ` +
        'running that waitFor could not cancel on timeout; write waitFor(() => work(), seconds) instead',
    );
  }
  if (seconds !== undefined && seconds <= 0) {
    const future = ensureFuture(aw, 'waitFor()');
    if (future.done()) return future.result();
    await cancelAndWait(future);
    try {
      return future.result();
    } catch (err) {
      if (err instanceof CancelledError) throw new TimeoutError('waitFor() timed out', { cause: err });
      throw err;
    }
  }
  return await timeout(seconds, () => (aw instanceof Future ? aw : aw()));
}

/** Cancels `future` and waits until it is done; waits on a future of its own, so that it stays cancellable itself. */
async function cancelAndWait(future: Future<unknown>): Promise<void> {
  const waiter = new Future<void>();
  const release = (): void => {
    if (!waiter.done()) waiter.setResult();
  };
  future.addDoneCallback(release);
  try {
    future.cancel();
    await waiter;
  } finally {
    future.removeDoneCallback(release);
  }
}
