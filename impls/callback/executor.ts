/**
 * Where a worker thread's answer meets the loop. impls/shared/executor.ts settles a promise when a worker is done;
 * `whenSettled` hands its outcome to plain callbacks, which IOLoop.runInExecutor turns into loop callbacks, as asyncio's
 * wrap_future does with call_soon_threadsafe for a concurrent.futures.Future under Tornado 5.1's run_in_executor.
 *
 * This is the one file of the style besides adapter.ts that touches a promise (style.test.ts allows `.then(` here and
 * nowhere else); only IOLoop.runInExecutor calls it.
 */
import type { ExecutorJob, WorkerCall } from '../shared/executor.ts';

/**
 * What runInExecutor accepts: impls/shared/executor.ts's WorkerExecutor, or anything with its `submit`. `close`, when
 * present, is what IOLoop.close() calls on the loop's default executor.
 */
export interface Executor {
  submit<R = unknown>(call: WorkerCall): ExecutorJob<R>;
  close?(): Promise<void>;
}

/** @internal IOLoop.runInExecutor only: calls `onResult` or `onError` once the worker's call has settled. */
export function whenSettled<T>(promise: Promise<T>, onResult: (value: T) => void, onError: (error: unknown) => void): void {
  promise.then(onResult, onError);
}
