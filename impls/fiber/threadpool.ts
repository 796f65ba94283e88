/**
 * ThreadPool (gevent.threadpool.ThreadPool, and the hub's own, `getHub().threadpool`): native threads for work that
 * would block the hub, CPU work above all. `yield* pool.apply(call)` parks the calling greenlet until a worker
 * thread has run the call, and returns its result; the hub runs the other greenlets meanwhile. `yield* pool.spawn(call)`
 * returns an AsyncResult at once (its get() parks instead). As in gevent, spawn() itself waits while `maxsize + 1`
 * tasks are unfinished, an error thrown in the worker is printed by the hub and raised in the greenlet that waits for
 * it, and a greenlet killed while it waits does not stop the task (its thread runs it to the end).
 *
 * The threads are impls/shared/executor.ts's (piscina). A closure cannot cross into another thread, so the function
 * is named by its module and export: `workerCall(import.meta.url, 'fn', arg)` for gevent's `(fn, (arg,))`; the
 * argument and the result are copied across (structured clone), and an error keeps its class only if it is one of
 * JavaScript's built-in ones (docs/departures.md#fiber-threadpool).
 */
import { AsyncResult } from './async-result.ts';
import { onSettled } from './executor-bridge.ts';
import { Greenlet } from './greenlet.ts';
import { getHub, type Hub } from './hub.ts';
import { addressOf } from './repr.ts';
import { Semaphore } from './sync.ts';
import { WorkerExecutor, type ExecutorStats, type WorkerCall } from '../shared/executor.ts';
import type { Green } from './waiter.ts';

export { workerCall, type WorkerCall } from '../shared/executor.ts';

export class ThreadPool {
  private readonly executor: WorkerExecutor;
  /** gevent's: maxsize + 1 tasks may be unfinished before spawn() blocks. */
  private readonly slots: Semaphore;
  private killed = false;

  /** Any context. `maxsize` worker threads (started on first use), for greenlets of `hub`. */
  constructor(
    readonly maxsize: number,
    readonly hub: Hub = getHub(),
  ) {
    if (!Number.isInteger(maxsize) || maxsize < 0) throw new RangeError(`maxsize must not be negative: ${maxsize}`);
    this.executor = new WorkerExecutor({ threads: maxsize });
    this.slots = new Semaphore(maxsize + 1);
  }

  /** Green thread only. Runs `call` in a worker thread; parks until it is done and returns its result, or raises its error. */
  apply<R>(call: WorkerCall): Green<R> {
    return Greenlet.made(this.applyBody<R>(call));
  }

  private *applyBody<R>(call: WorkerCall): Green<R> {
    Greenlet.ran();
    const result = yield* this.spawn<R>(call);
    return yield* result.get();
  }

  /** Green thread only. Queues `call` for a worker thread (waiting first while the pool is full); its AsyncResult. */
  spawn<R>(call: WorkerCall): Green<AsyncResult<R>> {
    return Greenlet.made(this.spawnBody<R>(call));
  }

  private *spawnBody<R>(call: WorkerCall): Green<AsyncResult<R>> {
    Greenlet.ran();
    yield* this.slots.acquire();
    const result = new AsyncResult<R>();
    // A task in a thread is an I/O watcher for the hub (gevent's async watcher): a greenlet waiting for it is not
    // waiting for nothing, and no LoopExit is raised meanwhile.
    this.hub.addWatcher();
    onSettled(this.executor.submit<R>(call).promise, (outcome) =>
      this.hub.callback(() => {
        this.hub.removeWatcher();
        this.slots.release();
        if ('value' in outcome) {
          result.set(outcome.value);
          return;
        }
        // What the worker raised is the hub's to print, as in gevent; a task dropped by kill() raised nothing.
        if (!this.killed) this.hub.handleError(`(<ThreadPoolWorker threadpool-hub=<Hub at ${addressOf(this.hub)}>>, <function ${call.fn} at ${addressOf(call)}>)`, outcome.error);
        result.setException(outcome.error);
      }),
    );
    return result;
  }

  /**
   * Any context. Stops the threads (gevent's kill()): a task still queued fails in whoever waits for it, a running
   * one is dropped. The promise, for plain code that must know (the adapter), resolves once the threads are gone.
   */
  kill(): Promise<void> {
    this.killed = true;
    return this.executor.close();
  }

  /** The executor's statistics since resetWindow() (the testbed's, for the cpu scenario's report). */
  stats(): ExecutorStats {
    return this.executor.stats();
  }

  resetWindow(): void {
    this.executor.resetWindow();
  }
}
