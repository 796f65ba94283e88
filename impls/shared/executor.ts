/**
 * A worker-thread executor for CPU work (piscina underneath): the analog of asyncio's default executor and gevent's
 * threadpool. Each style wraps it in its own idiom (callback: IOLoop.runInExecutor with a callback; fiber: a
 * threadpool.apply that parks the greenlet; async: await toThread / runInExecutor).
 *
 * Its queue is its own, in front of the pool: a task is handed to piscina only when a thread is free. That is what
 * lets `cancel()` behave as concurrent.futures' does: a task still queued is removed and never runs; a task already
 * running cannot be stopped (its thread finishes it and the result is dropped), so `cancel()` returns false. piscina's
 * own abort would terminate the worker thread instead, which neither real system does.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Piscina } from 'piscina';
/**
 * A call to run in a worker thread: `fn`, an exported function of `module`, applied to one argument that can cross
 * threads (structured-cloneable). A closure cannot cross threads, so a function is named by its module and export,
 * which is what JavaScript offers for asyncio's to_thread(fn, *args) and gevent's threadpool.apply(fn, args).
 */
export interface WorkerCall {
  /** A module URL (give it `import.meta.url`, or a URL built from it) or absolute path. */
  module: string;
  fn: string;
  arg: unknown;
}

export function workerCall(module: string, fn: string, arg: unknown): WorkerCall {
  return { module, fn, arg };
}

/** The cpu-offload scenario's work as a worker call: cpuTask({seed, iterations}) from ./cpu-work.ts. */
export function cpuWorkCall(seed: number, iterations: number): WorkerCall {
  return workerCall(CPU_WORK, 'cpuTask', { seed, iterations });
}

const CPU_WORK = new URL('./cpu-work.ts', import.meta.url).href;

export interface ExecutorStats {
  threads: number;
  queued: number;
  running: number;
  completed: number;
  /** Share of the threads' time spent on tasks since the last resetWindow(), 0..1. */
  utilization: number;
}

export interface ExecutorJob<R = unknown> {
  promise: Promise<R>;
  /** Removes the task if it has not started; false once it is running or done (it then runs to its end). */
  cancel(): boolean;
}

interface Queued {
  call: WorkerCall;
  promise: Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Worker threads load TypeScript with tsx, whether or not this process was started with it (under vitest it was
 * not). Only module-loading flags are passed on: others (an `--input-type` of `node -e`) are refused by workers.
 */
const WORKER_EXEC_ARGV = ['--import', 'tsx'];

/** What a job's promise rejects with when the job was cancelled while queued (concurrent.futures' CancelledError). */
export class ExecutorCancelled extends Error {
  override name = 'ExecutorCancelled';
}

/**
 * Settles a call that will never run, so that nothing awaiting it waits forever; marked handled, since its owner
 * (who cancelled it, or is shutting down) may never look.
 */
function withdraw(entry: Queued, why: string): void {
  entry.promise.catch(() => undefined);
  entry.reject(new ExecutorCancelled(why));
}

export class WorkerExecutor {
  readonly threads: number;
  private pool: Piscina | undefined;
  private readonly queue: Queued[] = [];
  private running = 0;
  private completed = 0;
  private busyMs = 0;
  private windowStart = performance.now();
  private idleWaiters: Array<() => void> = [];

  constructor(options: { threads?: number } = {}) {
    this.threads = options.threads ?? os.availableParallelism();
  }

  /** Queues `call`; it runs when a thread is free. An error it throws in the worker rejects the job's promise. */
  submit<R = unknown>(call: WorkerCall): ExecutorJob<R> {
    let entry!: Queued;
    const promise = new Promise<R>((resolve, reject) => (entry = { call, promise: undefined as unknown as Promise<unknown>, resolve: resolve as (v: unknown) => void, reject }));
    entry.promise = promise;
    this.queue.push(entry);
    this.dispatch();
    return {
      promise,
      cancel: () => {
        const at = this.queue.indexOf(entry);
        if (at === -1) return false;
        this.queue.splice(at, 1);
        withdraw(entry, 'the call was cancelled before it started');
        return true;
      },
    };
  }

  stats(): ExecutorStats {
    const wall = performance.now() - this.windowStart;
    return {
      threads: this.threads,
      queued: this.queue.length,
      running: this.running,
      completed: this.completed,
      utilization: wall > 0 ? Math.min(1, this.busyMs / (wall * this.threads)) : 0,
    };
  }

  /** Starts a new measuring window for utilization (a trial's start). */
  resetWindow(): void {
    this.busyMs = 0;
    this.windowStart = performance.now();
  }

  /**
   * Shuts the executor down: queued calls are rejected; with `wait` (the default, as concurrent.futures'
   * shutdown(wait=True)) running calls finish first, else their threads are stopped under them.
   */
  async close(options: { wait?: boolean } = {}): Promise<void> {
    for (const q of this.queue.splice(0)) withdraw(q, 'the executor was shut down before the call started');
    if (options.wait ?? true) while (this.running > 0) await new Promise<void>((r) => this.idleWaiters.push(r));
    const pool = this.pool;
    this.pool = undefined;
    await pool?.destroy();
  }

  private dispatch(): void {
    while (this.running < this.threads && this.queue.length > 0) {
      const next = this.queue.shift()!;
      this.running++;
      const started = performance.now();
      // piscina loads each module itself (through tsx's require hook, which worker threads have on Node 20, where
      // tsx's import() hook does not reach them), once per thread, and calls the named export with the argument.
      // Threads start as calls need them (as gevent's and concurrent.futures' pools do), up to `threads`.
      this.pool ??= new Piscina({ minThreads: 0, maxThreads: this.threads, idleTimeout: 60_000, execArgv: WORKER_EXEC_ARGV });
      void this.pool.run(next.call.arg, { filename: next.call.module, name: next.call.fn }).then(
        (value: unknown) => this.settle(started, () => next.resolve(value)),
        (error: unknown) => this.settle(started, () => next.reject(error)),
      );
    }
  }

  private settle(started: number, deliver: () => void): void {
    this.running--;
    this.completed++;
    this.busyMs += performance.now() - Math.max(started, this.windowStart);
    deliver();
    this.dispatch();
    if (this.running === 0) for (const wake of this.idleWaiters.splice(0)) wake();
  }
}
