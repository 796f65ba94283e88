/**
 * TaskGroup (asyncio 3.12, after Trio's nursery): structured concurrency for a block of code.
 *
 * `await taskGroup(async (tg) => { tg.createTask(...); ... })` is `async with asyncio.TaskGroup() as tg: ...`.
 *
 * Rules: the group does not finish until every child has finished. The first child failure cancels the other
 * children and the body itself (by cancelling the task running the group, withdrawn again on exit), and the group
 * then throws an ExceptionGroup holding every failure, the body's included. Cancelling the task running the group
 * cancels the children too, and the CancelledError propagates (failures win over it).
 */
import { CancelledError, ExceptionGroup, RuntimeError } from './errors.ts';
import { currentTask, takePendingCancel } from './current.ts';
import { callExceptionHandler } from './exception-handler.ts';
import { Task, requireFunction } from './task.ts';
import { suspend } from './waiter.ts';

export class TaskGroup {
  private readonly parent: Task<unknown>;
  private readonly tasks = new Set<Task<unknown>>();
  private readonly errors: unknown[] = [];
  private aborting = false;
  private exiting = false;
  private parentCancelRequested = false;
  private wakeExit: (() => void) | undefined;

  /** @internal Use taskGroup(). */
  constructor(parent: Task<unknown>) {
    this.parent = parent;
  }

  /**
   * Starts `fn(...args)` as a child task. RuntimeError once the group is shutting down (a child failed) or finished;
   * while the body has returned and children still run, children may add more.
   */
  createTask<T, A extends unknown[]>(fn: (...args: A) => PromiseLike<T> | T, ...args: A): Task<T> {
    requireFunction(fn, 'tg.createTask');
    if (this.exiting && this.tasks.size === 0) throw new RuntimeError('TaskGroup is finished');
    if (this.aborting) throw new RuntimeError('TaskGroup is shutting down');
    const task = Task.spawn(fn, args);
    this.tasks.add(task as Task<unknown>);
    task.addDoneCallback((t) => this.onChildDone(t as Task<unknown>));
    return task;
  }

  private abort(): void {
    this.aborting = true;
    for (const task of this.tasks) if (!task.done()) task.cancel();
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
      // Interrupt the body too; the request is withdrawn in exit() so the parent is not left cancelled.
      this.abort();
      this.parentCancelRequested = true;
      this.parent.cancel();
    }
  }

  /** @internal Runs the group's exit protocol after the body; returns what to throw, if anything. */
  async exit(bodyFailed: boolean, bodyError: unknown): Promise<{ error: unknown } | undefined> {
    this.exiting = true;
    let propagateCancel: CancelledError | undefined = bodyFailed && bodyError instanceof CancelledError ? bodyError : undefined;
    // Our own interruption of the body is withdrawn first; if it was the only one, it is not the caller's business.
    if (this.parentCancelRequested && this.parent.uncancel() === 0) propagateCancel = undefined;
    if (bodyFailed && !this.aborting) this.abort();

    // Bounded by the children: each pass ends when they have all finished or when the parent is cancelled again.
    while (this.tasks.size > 0) {
      try {
        await suspend<void>((resolve) => {
          this.wakeExit = resolve;
        });
        // The last child can wake this wait and then, failing, cancel the parent before it resumes: asyncio throws
        // that cancellation in at this very await (the task's must-cancel flag), so it is taken here, not later.
        const pending = takePendingCancel();
        if (pending) throw pending;
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

    // Failures win over a cancellation from outside, as in asyncio: they would be lost otherwise.
    if (propagateCancel && this.errors.length === 0) return { error: propagateCancel };
    if (bodyFailed && !(bodyError instanceof CancelledError)) this.errors.push(bodyError);
    if (this.errors.length > 0) return { error: new ExceptionGroup('unhandled errors in a TaskGroup', this.errors) };
    return undefined;
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
