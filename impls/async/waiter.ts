/**
 * Suspension: the one way the layer waits. Every library await (sleep, a stream read or drain, a connect, a lock or
 * queue wait, awaiting a future) is a Waiter registered with its task while it is pending, so that `task.cancel()`
 * can reach it: the waiter undoes what the wait set up and rejects with CancelledError.
 *
 * Performance: a pending await is one Waiter object and its promise. Kinds of wait that need state of their own
 * (a stream read, a place in a wait queue) subclass Waiter, and the subclass doubles as the state (a queue node),
 * instead of a set of closures; the promise's settle functions are captured without a closure per waiter (see
 * captureSettlers).
 */
import type { CancelledError } from './errors.ts';
import type { CancelScope } from './cancel-scope.ts';
import { taskContext, type WaitContext } from './current.ts';
import type { Future } from './future.ts';
import type { Task } from './task.ts';

/**
 * Undoes a pending wait because its task is being cancelled. Returns false if it could not take the cancellation
 * (the awaited thing already finished), in which case the task keeps it for its next library await.
 */
export type Canceller = (error: CancelledError) => boolean;

// The Promise executor stores the settle functions on the waiter under construction: one module-level executor for
// every waiter instead of a closure per promise.
let captured: Waiter<never>;
function captureSettlers(resolve: (value: never) => void, reject: (error: unknown) => void): void {
  captured.settleOk = resolve;
  captured.settleError = reject;
}

/**
 * @internal One pending library await: its promise, registered with its task (and cancel scope) while pending.
 * `task.cancel()` calls `cancel()`, which undoes the wait (`abandon()`, for subclasses: leave a queue, clear a timer)
 * and rejects. Outside a task it is a plain promise. Check for a pending cancellation before making one.
 */
export class Waiter<T> {
  readonly promise: Promise<T>;
  /** @internal */
  settleOk!: (value: T) => void;
  /** @internal */
  settleError!: (error: unknown) => void;
  readonly task: Task<unknown> | undefined;
  /** The cancel scope it was made in, if any: cancelling the scope reaches it. */
  readonly scope: CancelScope | undefined;
  settled = false;

  constructor(context: WaitContext | undefined) {
    captured = this as unknown as Waiter<never>;
    this.promise = new Promise<T>(captureSettlers);
    if (context === undefined) {
      this.task = undefined;
      this.scope = undefined;
    } else {
      this.task = context.task;
      this.scope = context.cancelScope;
      context.task.addWaiter(this as Waiter<unknown>);
    }
  }

  resume(value: T): void {
    if (this.settled) return;
    this.settled = true;
    this.task?.removeWaiter(this as Waiter<unknown>);
    this.settleOk(value);
  }

  fail(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.task?.removeWaiter(this as Waiter<unknown>);
    this.settleError(error);
  }

  /** @internal Called when its task (or scope) is cancelled; false if it could not take the cancellation. */
  cancel(error: CancelledError): boolean {
    if (this.settled) return false;
    this.abandon();
    this.fail(error);
    return true;
  }

  /** Undoes the registration the wait made (a queue entry, a timer); called before a cancellation rejects. */
  protected abandon(): void {}
}

/** A Waiter for suspend(): the arm function's canceller, if it gave one, decides how cancellation is taken. */
class ArmedWaiter<T> extends Waiter<T> {
  canceller: Canceller | undefined;

  override cancel(error: CancelledError): boolean {
    if (this.settled) return false;
    if (this.canceller) return this.canceller(error);
    this.fail(error);
    return true;
  }
}

type Arm<T> = (resolve: (value: T) => void, reject: (error: unknown) => void) => Canceller | void;

/**
 * The primitive under every library await. `arm` starts the wait and returns how to undo it on cancellation
 * (by default the promise just rejects with the CancelledError). Outside a task it is a plain promise.
 */
export function suspend<T>(arm: Arm<T>): Promise<T> {
  return suspendIn(taskContext.get(), arm);
}

function suspendIn<T>(context: WaitContext | undefined, arm: Arm<T>): Promise<T> {
  if (context === undefined) return new Promise<T>((resolve, reject) => void arm(resolve, reject));
  const pending = context.takePendingCancel();
  if (pending) return Promise.reject(pending);
  const waiter = new ArmedWaiter<T>(context);
  const custom = arm(
    (value) => waiter.resume(value),
    (error) => waiter.fail(error),
  );
  if (custom && !waiter.settled) waiter.canceller = custom;
  return waiter.promise;
}

/**
 * @internal Awaiting a future (future.ts's `then`): a library await that forwards a cancellation of the awaiting
 * task to the future, as asyncio's Task does with the future it waits on.
 */
export function awaitFuture<T>(future: Future<T>, context: WaitContext | undefined): Promise<T> {
  if (future.done()) {
    const pending = context?.takePendingCancel();
    if (pending) return Promise.reject(pending);
    try {
      return Promise.resolve(future.result());
    } catch (err) {
      return Promise.reject(err);
    }
  }
  return suspendIn<T>(context, (resolve, reject) => {
    future.addDoneCallback(() => {
      try {
        resolve(future.result());
      } catch (err) {
        reject(err);
      }
    });
    return (error) => future.cancel(error.message);
  });
}

/**
 * @internal A library await that parks until something calls one of `wakers` (e.g. on close). Cancelling it removes
 * its waker, so a cancelled wait leaves nothing behind in the set.
 */
export function untilWoken(wakers: Set<() => void>): Promise<void> {
  return suspend<void>((resolve, reject) => {
    const wake = (): void => resolve();
    wakers.add(wake);
    return (error) => {
      wakers.delete(wake);
      reject(error);
      return true;
    };
  });
}
