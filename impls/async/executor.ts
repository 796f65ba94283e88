/**
 * Work in worker threads the asyncio way: `await toThread(call)` (asyncio.to_thread) and
 * `runInExecutor(executor, call)` (loop.run_in_executor), over the project's WorkerExecutor
 * (impls/shared/executor.ts, a thread pool as concurrent.futures' ThreadPoolExecutor is).
 *
 * A call is a WorkerCall, `workerCall(module, fn, arg)`: an exported function of a module and one argument that can
 * cross threads, since a JavaScript closure cannot (asyncio takes `func, *args`). The worker runs it; its result, or
 * the error it threw, arrives on the awaiting task as any other future's. (An error crosses threads by structured
 * clone: the message and stack stay, and JavaScript's own classes, TypeError, RangeError..., but a class of your own
 * arrives as a plain Error.)
 *
 * Cancellation is asyncio's: cancelling the task that awaits the call (or the future runInExecutor returned) ends the
 * wait at once. A call still queued is taken off the queue and never runs; a call already running cannot be stopped:
 * it finishes in its thread and its result is dropped.
 *
 * The default executor belongs to the run (the Runner): made on first use, or given with setDefaultExecutor(), and
 * shut down when the run closes, after the calls it is running have finished (asyncio's shutdown_default_executor).
 * An executor passed to runInExecutor() is the caller's to close.
 */
import { WorkerExecutor, type WorkerCall } from '../shared/executor.ts';
import { RuntimeError } from './errors.ts';
import { currentTask } from './current.ts';
import { Future } from './future.ts';

export { WorkerExecutor, workerCall, type WorkerCall } from '../shared/executor.ts';

/** Calls each executor is running or has queued for this layer, so that a shutdown can wait for the running ones. */
const inFlight = new WeakMap<WorkerExecutor, Set<Promise<unknown>>>();

/** @internal runner.ts (TaskOwner): what a run keeps for its default executor. */
export interface DefaultExecutorSlot {
  defaultExecutor(): WorkerExecutor | undefined;
  setDefaultExecutor(executor: WorkerExecutor): void;
}

function ownerOfCurrentTask(caller: string): DefaultExecutorSlot {
  const owner = currentTask()?.owner;
  if (!owner) throw new RuntimeError(`${caller} needs a running loop: call it from a task of a run() or Runner`);
  return owner;
}

/**
 * asyncio's loop.run_in_executor: runs `call` in `executor`'s threads (undefined or null: the run's default
 * executor) and returns a Future of its result. Cancelling the future (or a task awaiting it) takes a queued call
 * off the queue; a running one finishes and its result is dropped.
 */
export function runInExecutor<R = unknown>(executor: WorkerExecutor | null | undefined, call: WorkerCall): Future<R> {
  const pool = executor ?? defaultExecutorOfRun();
  const job = pool.submit<R>(call);
  const future = new Future<R>();
  const settled = job.promise.then(
    (value) => {
      if (!future.done()) future.setResult(value);
    },
    (error: unknown) => {
      if (!future.done()) future.setException(error);
    },
  );
  const calls = inFlight.get(pool) ?? new Set();
  inFlight.set(pool, calls);
  calls.add(settled);
  void settled.then(() => calls.delete(settled));
  future.addDoneCallback((f) => {
    // cancel() is false once the call runs: it then runs to its end, and its result goes nowhere. A call taken off
    // the queue never settles, so nothing waits for it any more.
    if (f.cancelled() && job.cancel()) calls.delete(settled);
  });
  return future;
}

/** asyncio.to_thread: runs `call` in the run's default executor and waits for its result, cancellably. */
export async function toThread<R = unknown>(call: WorkerCall): Promise<R> {
  return await runInExecutor<R>(undefined, call);
}

/** asyncio's loop.set_default_executor, for the current run: the executor toThread() and runInExecutor(undefined) use. */
export function setDefaultExecutor(executor: WorkerExecutor): void {
  if (!(executor instanceof WorkerExecutor)) throw new TypeError('setDefaultExecutor() takes a WorkerExecutor');
  ownerOfCurrentTask('setDefaultExecutor()').setDefaultExecutor(executor);
}

function defaultExecutorOfRun(): WorkerExecutor {
  const owner = ownerOfCurrentTask('toThread() and runInExecutor() with the default executor');
  let executor = owner.defaultExecutor();
  if (!executor) owner.setDefaultExecutor((executor = new WorkerExecutor()));
  return executor;
}

/**
 * @internal runner.ts, at close: waits for the calls `executor` is running (and any still queued) to finish, then
 * stops its threads, as asyncio's shutdown_default_executor waits for its threads.
 */
export async function shutdownExecutor(executor: WorkerExecutor): Promise<void> {
  const calls = inFlight.get(executor);
  if (calls) await Promise.all([...calls]);
  await executor.close();
}
