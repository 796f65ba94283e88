/**
 * TaskGroup (asyncio 3.11, after Trio's nursery): structured concurrency for a block of code.
 *
 * `await taskGroup(async (tg) => { tg.createTask(...); ... })`
 *
 * Rules: the group does not finish until every child has finished. The first child failure cancels the other
 * children and the body itself (by cancelling the task running the group, withdrawn again on exit), and the group
 * then throws an AggregateError (the analog of ExceptionGroup) holding every failure, the body's included.
 * Cancelling the task running the group cancels the children too, and the CancelledError propagates.
 */
import { CancelledError } from './errors.ts';
import { currentTask } from './current.ts';
import { callExceptionHandler } from './exception-handler.ts';
import { Task, requireFunction } from './task.ts';
import { suspend } from './waiter.ts';

export class TaskGroup {
  private readonly parent: Task<unknown>;
  private readonly tasks = new Set<Task<unknown>>();
  private readonly errors: unknown[] = [];
  private aborting = false;
  private exited = false;
  private parentCancelRequested = false;
  private wakeExit: (() => void) | undefined;

  /** @internal Use taskGroup(). */
  constructor(parent: Task<unknown>) {
    this.parent = parent;
  }

  /** Starts `fn(...args)` as a child task. Not allowed once the group is shutting down or done. */
  createTask<T, A extends unknown[]>(fn: (...args: A) => PromiseLike<T> | T, ...args: A): Task<T> {
    requireFunction(fn, 'tg.createTask');
    if (this.exited) throw new Error('TaskGroup is finished');
    if (this.aborting) throw new Error('TaskGroup is shutting down');
    const task = new Task<T>(() => fn(...args));
    this.tasks.add(task as Task<unknown>);
    task.addDoneCallback((t) => this.onChildDone(t as Task<unknown>));
    return task;
  }

  private abort(): void {
    this.aborting = true;
    for (const task of this.tasks) if (!task.done()) task.cancel('TaskGroup is cancelling its children');
  }

  private onChildDone(task: Task<unknown>): void {
    this.tasks.delete(task);
    if (this.tasks.size === 0) this.wakeExit?.();
    if (task.cancelled() || !task.peekFailure().failed) return;
    this.errors.push(task.exception());
    if (this.parent.done()) {
      callExceptionHandler({
        message: `Task ${String(task)} has errored out but its parent task ${String(this.parent)} is already completed`,
        exception: task.exception(),
        task,
      });
      return;
    }
    if (!this.aborting && !this.parentCancelRequested) {
      // Interrupt the body too; the request is withdrawn in #exit so the parent is not left cancelled.
      this.abort();
      this.parentCancelRequested = true;
      this.parent.cancel('a TaskGroup child failed');
    }
  }

  /** @internal Runs the group's exit protocol after the body; returns what to throw, if anything. */
  async exit(bodyFailed: boolean, bodyError: unknown): Promise<{ error: unknown } | undefined> {
    let propagateCancel: CancelledError | undefined = bodyFailed && bodyError instanceof CancelledError ? bodyError : undefined;
    if (bodyFailed && !this.aborting) this.abort();

    // Bounded by the children: each pass ends when they have all finished or when the parent is cancelled again.
    while (this.tasks.size > 0) {
      try {
        await suspend<void>((resolve) => {
          this.wakeExit = resolve;
        });
      } catch (err) {
        if (!(err instanceof CancelledError)) throw err;
        if (!this.aborting) {
          // Someone cancelled the task running the group while it waited for its children.
          propagateCancel = err;
          this.abort();
        }
      } finally {
        this.wakeExit = undefined;
      }
    }
    this.exited = true;

    if (this.parentCancelRequested && this.parent.uncancel() === 0) {
      // The only cancellation was our own interruption of the body: it is not the caller's business.
      propagateCancel = undefined;
    }
    if (bodyFailed && !(bodyError instanceof CancelledError)) this.errors.push(bodyError);
    // Failures win over a cancellation from outside, as in asyncio: they would be lost otherwise.
    if (this.errors.length > 0) {
      const n = this.errors.length;
      return { error: new AggregateError(this.errors, `unhandled errors in a TaskGroup (${n} sub-exception${n === 1 ? '' : 's'})`) };
    }
    return propagateCancel ? { error: propagateCancel } : undefined;
  }
}

/**
 * Runs `body` with a new TaskGroup and resolves with the body's result once every child has finished.
 * Outside a task, the group runs in a new one.
 */
export async function taskGroup<T>(body: (tg: TaskGroup) => PromiseLike<T> | T): Promise<T> {
  const parent = currentTask();
  if (!parent) return new Task<T>(() => taskGroup(body));
  const group = new TaskGroup(parent);
  let value: T | undefined;
  let failed = false;
  let error: unknown;
  try {
    value = await body(group);
  } catch (err) {
    failed = true;
    error = err;
  }
  const outcome = await group.exit(failed, error);
  if (outcome) throw outcome.error;
  return value as T;
}
