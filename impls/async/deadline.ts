/**
 * @internal The HTTP client's per-request deadline: a timeout() narrowed to one operation by a CancelScope.
 */
import { CancelScope } from './cancel-scope.ts';
import { currentTask, taskContext } from './current.ts';
import { CancelledError, TimeoutError } from './errors.ts';
import { Task } from './task.ts';
import { callLater } from './timers.ts';

function expireDeadline(scope: CancelScope): void {
  scope.cancel('deadline expired');
}

/**
 * @internal A deadline for one operation (a request) that may run concurrently with others in the same task:
 * like timeout(), it cancels `fn(...args)` at its pending library await when `ms` pass and throws TimeoutError once
 * it has unwound, but the cancellation reaches only the library awaits `fn` makes (a CancelScope), not the whole
 * task. In the usual one-request-per-task code the two are indistinguishable; `Promise.all` over two requests in one
 * task keeps their fates separate. A cancellation of the task itself still reaches `fn` and propagates as
 * CancelledError. Outside a task it runs in a new one.
 */
export async function withDeadline<T, A extends unknown[]>(ms: number, fn: (...args: A) => PromiseLike<T> | T, ...args: A): Promise<T> {
  const task = currentTask();
  if (!task) return new Task<T>(() => withDeadline(ms, fn, ...args));
  const scope = new CancelScope(task, taskContext.get()?.cancelScope);
  const cancellingAtEntry = task.cancelling();
  const timer = callLater(ms, expireDeadline, scope);
  try {
    return await scope.run(fn, ...args);
  } catch (err) {
    // Ours only if the deadline cancelled the scope and nobody cancelled the task meanwhile.
    if (scope.cancelRequested() && err instanceof CancelledError && task.cancelling() <= cancellingAtEntry) {
      throw new TimeoutError(`deadline of ${ms / 1000} s exceeded`, { cause: err });
    }
    throw err;
  } finally {
    timer.cancel();
  }
}
