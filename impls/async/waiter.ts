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
import { CancelledError } from './errors.ts';
import type { CancelScope } from './cancel-scope.ts';
import { taskContext, type WaitContext } from './current.ts';
import type { Future } from './future.ts';
import type { Task } from './task.ts';

/**
 * Undoes what a pending wait set up (clears its timer, leaves a set of wakers, destroys a half-open socket): called
 * before its promise is rejected because its task was cancelled, or because its task ended without awaiting it.
 */
export type Undo = () => void;

const ignore = (): void => {};

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
  /** @internal Set by captureSettlers; call resume() instead. */
  settleOk!: (value: T) => void;
  /** @internal Set by captureSettlers; call fail() instead. */
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

  /**
   * @internal task.ts: the task ended while this wait was still pending (it lost a `Promise.race`, or was never
   * awaited). The wait is undone, so that nothing stays armed (a timer, a place in a queue) and nothing is handed to
   * a promise nobody reads (a stream's next chunk, a queue's item); the promise is rejected with CancelledError for
   * whoever may still hold it, without counting as an unhandled rejection.
   */
  orphan(): void {
    if (this.settled) return;
    this.settled = true;
    this.abandon();
    this.promise.catch(ignore);
    this.settleError(new CancelledError('the task that made this wait has ended'));
  }

  /** Undoes the registration the wait made (a queue entry, a timer); called before a cancellation rejects. */
  protected abandon(): void {}
}

/** A Waiter for suspend(): the arm function's Undo, if it gave one, is how the wait is abandoned. */
class ArmedWaiter<T> extends Waiter<T> {
  undo: Undo | undefined;

  protected override abandon(): void {
    this.undo?.();
  }
}

type Arm<T> = (resolve: (value: T) => void, reject: (error: unknown) => void) => Undo | void;

/**
 * The primitive under every library await. `arm` starts the wait and returns how to undo it (clear a timer, leave a
 * set of wakers); on cancellation the wait is undone and the promise rejects with the CancelledError. Outside a task
 * it is a plain promise.
 */
export function suspend<T>(arm: Arm<T>): Promise<T> {
  return suspendIn(taskContext.get(), arm);
}

function suspendIn<T>(context: WaitContext | undefined, arm: Arm<T>): Promise<T> {
  if (context === undefined) return new Promise<T>((resolve, reject) => void arm(resolve, reject));
  const pending = context.takePendingCancel();
  if (pending) return Promise.reject(pending);
  const waiter = new ArmedWaiter<T>(context);
  const undo = arm(
    (value) => waiter.resume(value),
    (error) => waiter.fail(error),
  );
  if (undo && !waiter.settled) waiter.undo = undo;
  return waiter.promise;
}

/**
 * Awaiting a future: cancelling the awaiting task cancels the future (as asyncio's Task does with the future it
 * waits on), and the waiter settles when the future does. Abandoning the wait only stops listening.
 */
class FutureWaiter<T> extends Waiter<T> {
  private readonly onDone: () => void;

  constructor(
    context: WaitContext,
    private readonly future: Future<T>,
  ) {
    super(context);
    this.onDone = () => {
      try {
        this.resume(future.result());
      } catch (err) {
        this.fail(err);
      }
    };
    future.addDoneCallback(this.onDone);
  }

  override cancel(error: CancelledError): boolean {
    if (this.settled) return false;
    return this.future.cancel(error.message);
  }

  protected override abandon(): void {
    this.future.removeDoneCallback(this.onDone);
  }
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
  if (context === undefined) return new Promise<T>((resolve, reject) => future.addDoneCallback(() => settleFrom(future, resolve, reject)));
  const pending = context.takePendingCancel();
  if (pending) return Promise.reject(pending);
  return new FutureWaiter(context, future).promise;
}

function settleFrom<T>(future: Future<T>, resolve: (value: T) => void, reject: (error: unknown) => void): void {
  try {
    resolve(future.result());
  } catch (err) {
    reject(err);
  }
}

/**
 * @internal A library await that parks until something calls one of `wakers` (e.g. on close). Cancelling it removes
 * its waker, so a cancelled wait leaves nothing behind in the set.
 */
export function untilWoken(wakers: Set<() => void>): Promise<void> {
  return suspend<void>((resolve) => {
    const wake = (): void => resolve();
    wakers.add(wake);
    return () => wakers.delete(wake);
  });
}
