/**
 * asyncio.run: runs a main task to completion, then cancels whatever it left running and reports failures that
 * nobody retrieved, so a run ends with no stray tasks and no silently lost exceptions.
 */
import { InvalidStateError, RuntimeError } from './errors.ts';
import { whenDone } from './awaitables.ts';
import { currentTask } from './current.ts';
import { callExceptionHandler } from './exception-handler.ts';
import { Task, requireFunction, type TaskOwner } from './task.ts';

/** Rounds of "cancel the leftovers and wait": a leftover may spawn more tasks while it winds down. */
const MAX_SHUTDOWN_ROUNDS = 10;

class Runner implements TaskOwner {
  private readonly tasks = new Set<Task<unknown>>();
  private readonly failed = new Set<Task<unknown>>();
  private readonly checks = new Set<() => void>();

  started(task: Task<unknown>): void {
    this.tasks.add(task);
  }

  finished(task: Task<unknown>): void {
    this.tasks.delete(task);
    if (task.hasUnretrievedException()) this.failed.add(task);
  }

  living(): ReadonlySet<Task<unknown>> {
    return this.tasks;
  }

  atTeardown(check: () => void): () => void {
    this.checks.add(check);
    return () => this.checks.delete(check);
  }

  async shutdown(): Promise<void> {
    for (let round = 0; round < MAX_SHUTDOWN_ROUNDS && this.tasks.size > 0; round++) {
      const leftovers = [...this.tasks];
      for (const task of leftovers) task.cancel();
      await Promise.all(leftovers.map(whenDone));
      for (const task of leftovers) {
        if (task.cancelled() || !task.hasUnretrievedException()) continue;
        callExceptionHandler({ message: 'unhandled exception during run() shutdown', exception: task.exception(), task });
      }
    }
    for (const task of this.failed) task.reportUnretrieved();
    this.failed.clear();
    const checks = [...this.checks];
    this.checks.clear();
    for (const check of checks) check();
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
 * Runs `main(...args)` as the main task and resolves with its result (or rejects with its failure) after the
 * teardown above. Must be called from outside any task, like asyncio.run from outside a running loop.
 */
export async function run<T, A extends unknown[]>(main: (...args: A) => PromiseLike<T> | T, ...args: A): Promise<T> {
  requireFunction(main, 'run');
  if (currentTask()) throw new InvalidStateError('run() cannot be called from inside a running task');
  const runner = new Runner();
  const mainTask = new Task<T>(() => main(...args), { name: 'main', owner: runner });
  await whenDone(mainTask);
  // Take main's outcome before the teardown, so its own failure is not reported as lost.
  let outcome: { ok: true; value: T } | { ok: false; error: unknown };
  try {
    outcome = { ok: true, value: mainTask.result() };
  } catch (error) {
    outcome = { ok: false, error };
  }
  await runner.shutdown();
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}
