/**
 * @internal A region of a task's body whose library awaits can be cancelled on their own, without cancelling the
 * task: `scope.run(fn)` runs `fn` with the scope in the task-context slot, so every library await it makes (through
 * any depth of calls) is tagged with the scope. `scope.cancel()` cancels just those; a cancellation of the task still
 * reaches them too. Used for per-request deadlines (deadline.ts withDeadline), so that concurrent requests in one
 * task keep separate fates.
 *
 * Scopes nest: a scope opened inside another is its child, and cancelling the outer one reaches the awaits of every
 * scope inside it, as cancelling a task reaches them all.
 */
import { CancelledError } from './errors.ts';
import { taskContext, type WaitContext } from './current.ts';
import type { Task } from './task.ts';

export class CancelScope implements WaitContext {
  readonly task: Task<unknown>;
  /** The scope answers for itself in the task-context slot. */
  readonly cancelScope: CancelScope = this;
  private mustCancel = false;
  private cancelIsRequested = false;
  private cancelMessage: string | undefined;

  /** `parent`: the scope this one was opened in, if any. */
  constructor(
    task: Task<unknown>,
    readonly parent: CancelScope | undefined,
  ) {
    this.task = task;
  }

  /** Whether `scope` is this scope or one opened inside it. */
  contains(scope: CancelScope | undefined): boolean {
    for (let s = scope; s !== undefined; s = s.parent) if (s === this) return true;
    return false;
  }

  run<R, A extends unknown[]>(fn: (...args: A) => R, ...args: A): R {
    return taskContext.run(this, fn, ...args);
  }

  /** Whether cancel() was called. */
  cancelRequested(): boolean {
    return this.cancelIsRequested;
  }

  /** Cancels the scope's pending library awaits, or the next one it makes if none is pending. */
  cancel(message?: string): void {
    this.cancelIsRequested = true;
    this.cancelMessage = message;
    if (!this.task.cancelWaitersOf(this, message)) this.mustCancel = true;
  }

  /** @internal The task's own pending cancellation first, then this scope's, then those of the scopes around it. */
  takePendingCancel(): CancelledError | undefined {
    const fromTask = this.task.takePendingCancel();
    if (fromTask) return fromTask;
    for (let s: CancelScope | undefined = this; s !== undefined; s = s.parent) {
      if (!s.mustCancel) continue;
      s.mustCancel = false;
      return new CancelledError(s.cancelMessage);
    }
    return undefined;
  }
}
