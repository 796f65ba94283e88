/**
 * asyncio.Runner and asyncio.run: the program's entry into the layer.
 *
 * `runner.run(main)` runs a main task to completion and, like asyncio's loop running until that task is done, keeps
 * the process alive meanwhile, even when nothing else would (a main that waits for something nothing will ever set
 * hangs, as it does in Python, instead of Node quietly exiting). Tasks it left running carry on. `runner.close()`
 * cancels whatever is still running, shuts the default executor down (executor.ts), reports the failures nobody
 * retrieved and the resources left open.
 * `run(main)` is a Runner used once and closed, as asyncio.run is.
 *
 * Difference from asyncio: between two `runner.run()` calls the tasks a run left behind keep running (JavaScript has
 * no loop to stop); in asyncio they wait for the next run.
 */
import { RuntimeError } from './errors.ts';
import { whenDone } from './awaitables.ts';
import { currentTask } from './current.ts';
import { callExceptionHandler } from './exception-handler.ts';
import { shutdownExecutor, type WorkerExecutor } from './executor.ts';
import { Task, requireFunction, type TaskOwner } from './task.ts';

/** Rounds of "cancel the leftovers and wait": a leftover may spawn more tasks while it winds down. */
const MAX_SHUTDOWN_ROUNDS = 10;
/** The longest delay setInterval accepts: the hold fires about once in 25 days, and does nothing. */
const HOLD_INTERVAL_MS = 2 ** 31 - 1;

function nothing(): void {}

export class Runner implements TaskOwner {
  private readonly tasks = new Set<Task<unknown>>();
  private readonly failed = new Set<Task<unknown>>();
  private readonly checks = new Set<() => void>();
  private executor: WorkerExecutor | undefined;
  private running = false;
  private closed = false;

  /**
   * Runs `main(...args)` as the main task and resolves with its result (or rejects with its failure) once it is done;
   * the process stays alive until then. RuntimeError from inside a task, on a closed runner, or while this runner is
   * already running (asyncio's "This event loop is already running").
   */
  async run<T, A extends unknown[]>(main: (...args: A) => PromiseLike<T> | T, ...args: A): Promise<T> {
    requireFunction(main, 'run');
    if (currentTask()) throw new RuntimeError('run() cannot be called from inside a running task (asyncio: from a running event loop): await the work instead');
    if (this.closed) throw new RuntimeError('Runner is closed');
    if (this.running) throw new RuntimeError('This event loop is already running');
    this.running = true;
    // asyncio's loop blocks the thread until the task is done; here a timer that never fires in practice holds the
    // process, so that a main waiting on nothing Node would count (an Event nobody sets) hangs instead of exiting.
    const hold = setInterval(nothing, HOLD_INTERVAL_MS);
    try {
      const mainTask = new Task<T>(() => main(...args), { name: 'main', owner: this });
      await whenDone(mainTask);
      // Taking main's outcome marks it retrieved, so close() does not report main's own failure as lost.
      return mainTask.result();
    } finally {
      clearInterval(hold);
      this.running = false;
    }
  }

  /**
   * Cancels the tasks still running and waits for them, shuts the default executor down once its running calls have
   * finished, reports failures nobody retrieved, then the resources left open (a ClientSession). Idempotent.
   * RuntimeError while running.
   */
  async close(): Promise<void> {
    if (this.running) throw new RuntimeError('Cannot close a running event loop');
    if (this.closed) return;
    this.closed = true;
    for (let round = 0; round < MAX_SHUTDOWN_ROUNDS && this.tasks.size > 0; round++) {
      const leftovers = [...this.tasks];
      for (const task of leftovers) task.cancel();
      await Promise.all(leftovers.map(whenDone));
      for (const task of leftovers) {
        if (task.cancelled() || !task.hasUnretrievedException()) continue;
        callExceptionHandler({ message: 'unhandled exception during run() shutdown', exception: task.exception(), task });
      }
    }
    const executor = this.executor;
    this.executor = undefined;
    if (executor) await shutdownExecutor(executor);
    for (const task of this.failed) task.reportUnretrieved();
    this.failed.clear();
    const checks = [...this.checks];
    this.checks.clear();
    for (const check of checks) check();
  }

  /** @internal task.ts (TaskOwner): a task of this runner was created. */
  started(task: Task<unknown>): void {
    this.tasks.add(task);
  }

  /** @internal task.ts (TaskOwner): a task of this runner ended. */
  finished(task: Task<unknown>): void {
    this.tasks.delete(task);
    if (task.hasUnretrievedException()) this.failed.add(task);
  }

  /** @internal allTasks() (TaskOwner): the tasks started and not finished yet. */
  living(): ReadonlySet<Task<unknown>> {
    return this.tasks;
  }

  /** @internal executor.ts (TaskOwner): the executor toThread() uses, if one was made or set. */
  defaultExecutor(): WorkerExecutor | undefined {
    return this.executor;
  }

  /** @internal executor.ts (TaskOwner): setDefaultExecutor(), or the default made on first use. */
  setDefaultExecutor(executor: WorkerExecutor): void {
    this.executor = executor;
  }

  /** @internal httpclient.ts (TaskOwner): `check` runs at close(); returns how to withdraw it. */
  atTeardown(check: () => void): () => void {
    this.checks.add(check);
    return () => this.checks.delete(check);
  }
}

/**
 * asyncio.all_tasks(): the tasks of the running run() that are not done yet, the current one included.
 * RuntimeError outside a task, or in a task started outside any run() (it has no run to list).
 */
export function allTasks(): Set<Task<unknown>> {
  const owner = currentTask()?.owner;
  if (!owner) throw new RuntimeError('allTasks() lists the tasks of a run(): call it from a task of one');
  return new Set(owner.living());
}

/**
 * asyncio.run: runs `main(...args)` as the main task, then closes the run (leftovers cancelled, lost failures
 * reported) and resolves with main's result or rejects with its failure. Must be called from outside any task, like
 * asyncio.run from outside a running loop (RuntimeError otherwise).
 */
export async function run<T, A extends unknown[]>(main: (...args: A) => PromiseLike<T> | T, ...args: A): Promise<T> {
  const runner = new Runner();
  try {
    return await runner.run(main, ...args);
  } finally {
    await runner.close();
  }
}
