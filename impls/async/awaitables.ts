/**
 * What the combinators accept as something to wait for, and how each kind becomes a Future (asyncio.ensure_future).
 */
import { CancelledError } from './errors.ts';
import { Future } from './future.ts';
import { Task } from './task.ts';

/** Anything the combinators accept: a future or task, a promise, or an async function to run as a task. */
export type AwaitableLike<T = unknown> = Future<T> | PromiseLike<T> | (() => PromiseLike<T> | T);

/** How a wrong argument is named in an error message. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (typeof value !== 'object') return typeof value;
  if (typeof (value as PromiseLike<unknown>).then === 'function') return 'a promise';
  return (value as object).constructor?.name ?? 'object';
}

/**
 * asyncio.ensure_future: futures pass through, functions become tasks, promises are wrapped in a future that follows
 * them (cancelling that future cannot stop the work behind the promise). `caller` names the API in error messages.
 */
export function ensureFuture<T>(awaitable: AwaitableLike<T>, caller = 'ensureFuture()'): Future<T> {
  if (awaitable instanceof Future) return awaitable;
  if (typeof awaitable === 'function') return new Task<T>(awaitable);
  if (awaitable === null || typeof awaitable !== 'object' || typeof (awaitable as PromiseLike<T>).then !== 'function') {
    throw new TypeError(`${caller} takes futures, tasks, promises or async functions, got ${describeValue(awaitable)}`);
  }
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
