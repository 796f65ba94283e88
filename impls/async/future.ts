/**
 * asyncio.Future: a result that will be set later, with done-callbacks, cancellation, and no promise (hence no
 * unhandled rejection) until something awaits it. Task (task.ts) is a Future whose result its body sets.
 */
import { CancelledError, InvalidStateError } from './errors.ts';
import { taskContext } from './current.ts';
import { callExceptionHandler } from './exception-handler.ts';
import { callSoon } from './ready-queue.ts';
import { awaitFuture } from './waiter.ts';

const PENDING = 0;
const FINISHED = 1;
const CANCELLED = 2;

export type DoneCallback<F> = (future: F) => void;

type Then<T> = <R1 = T, R2 = never>(
  onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
  onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
) => Promise<R1 | R2>;

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}(${JSON.stringify(error.message).replace(/^"|"$/g, "'")})` : String(error);
}

interface Unretrieved {
  message: string;
  error: unknown;
  label: string;
  /** Weak, so that the record does not keep the future from being collected. */
  future: WeakRef<Future<unknown>>;
}

/** Failures nobody has looked at and nothing has reported yet. */
const unreported = new Set<Unretrieved>();
let exitHookInstalled = false;

// Reports a failed future that became garbage before anyone looked at its exception (asyncio's __del__ hook).
// The held record must not reference the future strongly, or the future could never be collected.
const unretrievedOnCollect = new FinalizationRegistry<Unretrieved>((record) => {
  unreported.delete(record);
  callExceptionHandler({ message: `${record.message} (${record.label})`, exception: record.error });
});

/**
 * At process exit, what is still unreported is reported, as CPython's finalization reports the failed futures and
 * tasks still held when a program ends: a lost failure is never silent, whether or not the garbage collector ran.
 */
function reportAtExit(): void {
  for (const record of [...unreported]) {
    const future = record.future.deref();
    if (future) future.reportUnretrieved();
    else {
      unreported.delete(record);
      callExceptionHandler({ message: `${record.message} (${record.label})`, exception: record.error });
    }
  }
}

function remember(record: Unretrieved): void {
  unreported.add(record);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', reportAtExit);
}

export class Future<T = unknown> implements PromiseLike<T> {
  private state = PENDING;
  private value: T | undefined;
  private error: unknown;
  private failed = false;
  // Stored without the `this` type so that a Task<X> stays assignable to Future<unknown>.
  private callbacks: Array<DoneCallback<never>> | undefined;
  private unretrieved: Unretrieved | undefined;

  done(): boolean {
    return this.state !== PENDING;
  }

  cancelled(): boolean {
    return this.state === CANCELLED;
  }

  /** The value; throws the failure, CancelledError if cancelled, InvalidStateError if still pending. */
  result(): T {
    if (this.state === PENDING) throw new InvalidStateError('result is not set');
    this.markRetrieved();
    if (this.state === CANCELLED || this.failed) throw this.error;
    return this.value as T;
  }

  /** The failure, or undefined if it succeeded; throws CancelledError if cancelled, InvalidStateError if pending. */
  exception(): unknown {
    if (this.state === PENDING) throw new InvalidStateError('exception is not set');
    if (this.state === CANCELLED) throw this.error;
    this.markRetrieved();
    return this.failed ? this.error : undefined;
  }

  /** Calls `callback(this)` soon after the future is done (at once-scheduled if it already is). */
  addDoneCallback(callback: DoneCallback<this>): void {
    if (this.state !== PENDING) {
      callSoon(Future.invokeOne, this as Future<unknown>, callback as DoneCallback<never>);
      return;
    }
    (this.callbacks ??= []).push(callback);
  }

  /** Removes every registration of `callback`; returns how many there were. */
  removeDoneCallback(callback: DoneCallback<this>): number {
    const before = this.callbacks?.length ?? 0;
    if (this.callbacks) this.callbacks = this.callbacks.filter((cb) => cb !== callback);
    return before - (this.callbacks?.length ?? 0);
  }

  setResult(value: T): void {
    this.ensurePending();
    this.finishWith(value);
  }

  setException(error: unknown): void {
    this.ensurePending();
    this.failWith(error);
  }

  /** Cancels a pending future; returns false if it was already done. */
  cancel(message?: string): boolean {
    if (this.state !== PENDING) return false;
    this.cancelWith(new CancelledError(message));
    return true;
  }

  /**
   * Awaiting a future is a library await. `await future` reads `then` at the await itself, in the awaiting task's
   * context, but calls it from a later job that V8 11 runs without that context (see context.ts); so this accessor
   * binds the context it is read in.
   */
  get then(): Then<T> {
    const context = taskContext.get();
    return (onFulfilled, onRejected) => awaitFuture(this, context).then(onFulfilled, onRejected);
  }

  /** As asyncio's repr: `<Task finished name='Task-2' exception=ValueError('lost')>`. */
  toString(): string {
    const [kind, ...details] = this.label().split(' ');
    const state = this.state === PENDING ? 'pending' : this.state === CANCELLED ? 'cancelled' : 'finished';
    if (this.failed) details.push(`exception=${describeError(this.error)}`);
    return `<${[kind, state, ...details].join(' ')}>`;
  }

  /** The kind of future, then what identifies it (`Task name='main'`), for toString() and reports. */
  protected label(): string {
    return 'Future';
  }

  /** @internal Subclasses (Task): settles with a value, without the public API's checks. */
  protected finishWith(value: T): void {
    this.settle(FINISHED, value, undefined, false);
  }

  /** @internal Subclasses (Task): settles with a failure (`error` may be any thrown value, `undefined` included). */
  protected failWith(error: unknown): void {
    this.settle(FINISHED, undefined, error, true);
  }

  /** @internal Subclasses (Task): ends cancelled with this particular error (keeping its message and cause). */
  protected cancelWith(error: CancelledError): void {
    this.settle(CANCELLED, undefined, error, false);
  }

  /** @internal Subclasses: ends cancelled with this particular error; InvalidStateError if already done. */
  protected settleCancelled(error: CancelledError): void {
    this.ensurePending();
    this.cancelWith(error);
  }

  /** @internal runner.ts: whether it failed and nobody has looked at the failure yet. */
  hasUnretrievedException(): boolean {
    return this.unretrieved !== undefined;
  }

  /**
   * @internal runner.ts, and this module at process exit: reports an unretrieved failure now (at run() teardown)
   * rather than at garbage collection.
   */
  reportUnretrieved(): void {
    const record = this.unretrieved;
    if (!record) return;
    this.markRetrieved();
    callExceptionHandler({ message: record.message, exception: record.error, future: this });
  }

  /**
   * @internal gather, wait, shield, TaskGroup, the stream server: looks at the outcome without marking the failure
   * retrieved.
   */
  peekFailure(): { failed: boolean; error: unknown } {
    return { failed: this.failed, error: this.error };
  }

  private settle(state: typeof FINISHED | typeof CANCELLED, value: T | undefined, error: unknown, failed: boolean): void {
    this.state = state;
    this.value = value;
    this.error = error;
    this.failed = failed;
    if (failed) {
      const record = { message: `${this.label().split(' ')[0]} exception was never retrieved`, error, label: this.label(), future: new WeakRef(this as Future<unknown>) };
      this.unretrieved = record;
      unretrievedOnCollect.register(this, record, record);
      remember(record);
    }
    const callbacks = this.callbacks;
    this.callbacks = undefined;
    if (callbacks) callSoon(Future.invokeAll, this as Future<unknown>, callbacks);
  }

  private static invokeOne(future: Future<unknown>, callback: DoneCallback<never>): void {
    future.invoke(callback);
  }

  private static invokeAll(future: Future<unknown>, callbacks: Array<DoneCallback<never>>): void {
    for (const callback of callbacks) future.invoke(callback);
  }

  private markRetrieved(): void {
    if (!this.unretrieved) return;
    unretrievedOnCollect.unregister(this.unretrieved);
    unreported.delete(this.unretrieved);
    this.unretrieved = undefined;
  }

  private ensurePending(): void {
    if (this.state !== PENDING) throw new InvalidStateError(`invalid state: ${String(this)}`);
  }

  private invoke(callback: DoneCallback<never>): void {
    try {
      (callback as DoneCallback<this>)(this);
    } catch (err) {
      callExceptionHandler({ message: `Exception in callback ${callback.name || '(anonymous)'}(${String(this)})`, exception: err, future: this });
    }
  }
}
