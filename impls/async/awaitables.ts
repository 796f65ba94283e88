/**
 * What the combinators accept as something to wait for, and how each kind becomes a Future (asyncio.ensure_future).
 */
import { CancelledError } from './errors.ts';
import { Future } from './future.ts';
import { Task } from './task.ts';

/** Anything the combinators accept: a future or task, a promise, or an async function to run as a task. */
export type AwaitableLike<T = unknown> = Future<T> | PromiseLike<T> | (() => PromiseLike<T> | T);

/** asyncio.ensure_future: futures pass through, functions become tasks, promises are wrapped in a future. */
export function ensureFuture<T>(awaitable: AwaitableLike<T>): Future<T> {
  if (awaitable instanceof Future) return awaitable;
  if (typeof awaitable === 'function') return new Task<T>(awaitable);
  const future = new Future<T>();
  awaitable.then(
    (value) => {
      if (!future.done()) future.setResult(value);
    },
    (err: unknown) => {
      if (future.done()) return;
      if (err instanceof CancelledError) future.cancel(err.message);
      else future.setException(err);
    },
  );
  return future;
}

/** Resolves once `future` is done, without retrieving its outcome and without being cancellable. */
export function whenDone(future: Future<unknown>): Promise<void> {
  return new Promise((resolve) => future.addDoneCallback(() => resolve()));
}
