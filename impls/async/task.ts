/**
 * The core of the async style: futures, tasks, and how cancellation reaches a task.
 *
 * Design note
 * -----------
 * asyncio owns its coroutines: a Task drives its coroutine step by step, so `task.cancel()` can throw
 * CancelledError into whatever `await` the coroutine is suspended at. A JavaScript async function is driven by the
 * engine instead, and nothing outside it can make a pending `await` throw. So this layer delivers cancellation at
 * its own awaits:
 *
 *  - Every Task runs its body inside an AsyncLocalStorage context holding the Task, so any library call can find
 *    the task it is running in (`currentTask()`), through every `await` of that body.
 *  - Every library await (sleep, stream read/drain, connect, lock/semaphore acquire, queue get/put, awaiting a
 *    future or task) is built on `suspend()`: it registers a canceller with the current task for as long as it is
 *    pending. `task.cancel()` calls the cancellers; each one undoes its registration (leaves the waiter queue,
 *    clears its timer, destroys a half-open socket) and rejects its promise with CancelledError, so the body's
 *    `await` throws, its `finally` blocks run, and the task ends cancelled once the error propagates out.
 *  - Awaiting a future or task forwards the cancellation to it, as asyncio does (cancelling a task that awaits a
 *    `gather()` cancels the gathered children); the waiting task then ends when the awaited one has wound down.
 *  - When the task has no library await pending (it is running, not yet started, or awaiting a foreign promise),
 *    the request is remembered (asyncio's "must cancel") and delivered at the task's next library await, even one
 *    that would not have blocked. Limitation: a task awaiting a foreign promise (a bare `fetch()`, `fs.promises`)
 *    sees the CancelledError only after that promise settles, at its next library await; if it never makes another
 *    one, it ends cancelled when its body returns.
 *  - A cancellation goes to every library await the task has pending. Concurrency inside one task
 *    (`Promise.all([reader.read(), sleep(5)])`) therefore shares one fate; start tasks for work that should be
 *    cancelled separately, as asyncio's gather() would.
 *
 * Other departures from asyncio, all forced by the language:
 *  - `createTask(fn, ...args)` takes an async function rather than a coroutine object, because calling an async
 *    function already starts it; the task calls it (in a microtask, like asyncio's call_soon) inside its context.
 *  - CancelledError is an ordinary Error: a `catch` that must not stop a cancellation has to rethrow it.
 *  - A failed task whose exception nobody retrieved is reported through the exception handler (stderr by default)
 *    when `run()` tears down or when the task is garbage-collected, never as an unhandled rejection: a Future
 *    creates a promise only when something awaits it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { CancelledError, InvalidStateError } from './errors.ts';
import type { CoreStats } from '../contract.ts';

// ---------------------------------------------------------------------------------------------------------------
// Scheduler statistics

let livingTasks = 0;
let blockedTasks = 0; // living tasks with at least one library await pending
let activeTimers = 0;

/** Tasks alive, how many of them are not parked at a library await, and the timers the layer has armed. */
export function stats(): CoreStats {
  return { living: livingTasks, runnable: livingTasks - blockedTasks, timers: activeTimers };
}

export interface TimerHandle {
  cancel(): void;
}

/** setTimeout that the stats can count (asyncio's loop.call_later). */
export function callLater(ms: number, fn: () => void): TimerHandle {
  activeTimers++;
  let active = true;
  const handle = setTimeout(() => {
    active = false;
    activeTimers--;
    fn();
  }, Math.max(0, ms));
  return {
    cancel() {
      if (!active) return;
      active = false;
      activeTimers--;
      clearTimeout(handle);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Exception reporting (asyncio's loop.call_exception_handler)

export interface ExceptionContext {
  message: string;
  error?: unknown;
  future?: Future<unknown>;
}
export type ExceptionHandler = (context: ExceptionContext) => void;

let exceptionHandler: ExceptionHandler | undefined;

/** Replaces where unretrieved and stray exceptions are reported; `undefined` restores the stderr default. */
export function setExceptionHandler(handler: ExceptionHandler | undefined): void {
  exceptionHandler = handler;
}

export function callExceptionHandler(context: ExceptionContext): void {
  if (exceptionHandler) {
    try {
      exceptionHandler(context);
      return;
    } catch (err) {
      context = { message: 'Unhandled error in the exception handler', error: err };
    }
  }
  const lines = [context.message];
  if (context.future) lines.push(`future: ${String(context.future)}`);
  if (context.error !== undefined) lines.push(context.error instanceof Error ? (context.error.stack ?? String(context.error)) : String(context.error));
  process.stderr.write(`${lines.join('\n')}\n`);
}

interface Unretrieved {
  message: string;
  error: unknown;
  label: string;
}

// Reports a failed future that became garbage before anyone looked at its exception (asyncio's __del__ hook).
// The held record must not reference the future, or the future could never be collected.
const unretrievedOnCollect = new FinalizationRegistry<Unretrieved>((record) =>
  callExceptionHandler({ message: `${record.message} (${record.label})`, error: record.error }),
);

// ---------------------------------------------------------------------------------------------------------------
// Future

const PENDING = 0;
const FINISHED = 1;
const CANCELLED = 2;

export type DoneCallback<F> = (future: F) => void;

/**
 * asyncio.Future: a result that will be set later, with done-callbacks, cancellation, and no promise (hence no
 * unhandled rejection) until something awaits it.
 */
export class Future<T = unknown> implements PromiseLike<T> {
  #state = PENDING;
  #value: T | undefined;
  #error: unknown;
  #failed = false;
  // Stored without the `this` type so that a Task<X> stays assignable to Future<unknown>.
  #callbacks: Array<DoneCallback<never>> | undefined;
  #unretrieved: Unretrieved | undefined;

  done(): boolean {
    return this.#state !== PENDING;
  }

  cancelled(): boolean {
    return this.#state === CANCELLED;
  }

  /** The value; throws the failure, CancelledError if cancelled, InvalidStateError if still pending. */
  result(): T {
    if (this.#state === PENDING) throw new InvalidStateError('result is not set');
    this.#markRetrieved();
    if (this.#state === CANCELLED || this.#failed) throw this.#error;
    return this.#value as T;
  }

  /** The failure, or undefined if it succeeded; throws CancelledError if cancelled, InvalidStateError if pending. */
  exception(): unknown {
    if (this.#state === PENDING) throw new InvalidStateError('exception is not set');
    if (this.#state === CANCELLED) throw this.#error;
    this.#markRetrieved();
    return this.#failed ? this.#error : undefined;
  }

  /** Calls `callback(this)` soon after the future is done (at once-scheduled if it already is). */
  addDoneCallback(callback: DoneCallback<this>): void {
    if (this.#state !== PENDING) {
      queueMicrotask(() => this.#invoke(callback));
      return;
    }
    (this.#callbacks ??= []).push(callback);
  }

  /** Removes every registration of `callback`; returns how many there were. */
  removeDoneCallback(callback: DoneCallback<this>): number {
    const before = this.#callbacks?.length ?? 0;
    if (this.#callbacks) this.#callbacks = this.#callbacks.filter((cb) => cb !== callback);
    return before - (this.#callbacks?.length ?? 0);
  }

  setResult(value: T): void {
    this.#ensurePending();
    this.settle(FINISHED, value, undefined);
  }

  setException(error: unknown): void {
    this.#ensurePending();
    this.settle(FINISHED, undefined, error, true);
  }

  /** Cancels a pending future; returns false if it was already done. */
  cancel(message?: string): boolean {
    if (this.#state !== PENDING) return false;
    this.settle(CANCELLED, undefined, new CancelledError(message));
    return true;
  }

  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return awaitFuture(this).then(onFulfilled, onRejected);
  }

  toString(): string {
    const state = this.#state === PENDING ? 'pending' : this.#state === CANCELLED ? 'cancelled' : this.#failed ? 'failed' : 'finished';
    return `<${this.label()} ${state}>`;
  }

  protected label(): string {
    return 'Future';
  }

  /** @internal Settles without the public API's checks; `failed` distinguishes a thrown `undefined`. */
  protected settle(state: typeof FINISHED | typeof CANCELLED, value: T | undefined, error: unknown, failed = false): void {
    this.#state = state;
    this.#value = value;
    this.#error = error;
    this.#failed = failed;
    if (failed) {
      this.#unretrieved = { message: `${this.label().split(' ')[0]} exception was never retrieved`, error, label: this.label() };
      unretrievedOnCollect.register(this, this.#unretrieved, this.#unretrieved);
    }
    const callbacks = this.#callbacks;
    this.#callbacks = undefined;
    if (callbacks) queueMicrotask(() => callbacks.forEach((cb) => this.#invoke(cb)));
  }

  /** @internal Ends cancelled with this particular error (keeping the original message and cause). */
  protected settleCancelled(error: CancelledError): void {
    this.#ensurePending();
    this.settle(CANCELLED, undefined, error);
  }

  /** @internal Whether it failed and nobody has looked at the failure yet. */
  hasUnretrievedException(): boolean {
    return this.#unretrieved !== undefined;
  }

  /** @internal Reports an unretrieved failure now (at run() teardown) rather than at garbage collection. */
  reportUnretrieved(): void {
    const record = this.#unretrieved;
    if (!record) return;
    this.#markRetrieved();
    callExceptionHandler({ message: record.message, error: record.error, future: this });
  }

  /** @internal Looks at the outcome without marking the failure retrieved. */
  peekFailure(): { failed: boolean; error: unknown } {
    return { failed: this.#failed, error: this.#error };
  }

  #markRetrieved(): void {
    if (!this.#unretrieved) return;
    unretrievedOnCollect.unregister(this.#unretrieved);
    this.#unretrieved = undefined;
  }

  #ensurePending(): void {
    if (this.#state !== PENDING) throw new InvalidStateError(`invalid state: ${String(this)}`);
  }

  #invoke(callback: DoneCallback<never>): void {
    try {
      (callback as DoneCallback<this>)(this);
    } catch (err) {
      callExceptionHandler({ message: 'Exception in a done callback', error: err, future: this });
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Suspension: the one way the library waits

/**
 * Undoes a pending wait because its task is being cancelled. Returns false if it could not take the cancellation
 * (the awaited thing already finished), in which case the task keeps it for its next library await.
 */
export type Canceller = (error: CancelledError) => boolean;

const storage = new AsyncLocalStorage<Task<unknown>>();

/** The task whose body is running, or undefined outside any task (asyncio.current_task). */
export function currentTask(): Task<unknown> | undefined {
  return storage.getStore();
}

/**
 * If the current task has a cancellation waiting to be delivered, takes it. Library awaits that complete without
 * blocking call this first, so they still deliver a pending cancellation, and do so before taking any resource.
 */
export function takePendingCancel(): CancelledError | undefined {
  return storage.getStore()?.takePendingCancel();
}

/**
 * The primitive under every library await. `arm` starts the wait and returns how to undo it on cancellation
 * (by default the promise just rejects with the CancelledError). Outside a task it is a plain promise.
 */
export function suspend<T>(
  arm: (resolve: (value: T) => void, reject: (error: unknown) => void) => Canceller | void,
): Promise<T> {
  const task = storage.getStore();
  if (task === undefined) return new Promise<T>((resolve, reject) => void arm(resolve, reject));
  const pending = task.takePendingCancel();
  if (pending) return Promise.reject(pending);
  return new Promise<T>((resolve, reject) => {
    let canceller: Canceller | undefined;
    let settled = false;
    const detach = (): void => {
      settled = true;
      if (canceller) task.removeWaiter(canceller);
    };
    const onValue = (value: T): void => {
      if (settled) return;
      detach();
      resolve(value);
    };
    const onError = (error: unknown): void => {
      if (settled) return;
      detach();
      reject(error);
    };
    const custom = arm(onValue, onError);
    if (settled) return;
    canceller = custom ?? ((error) => (onError(error), true));
    task.addWaiter(canceller);
  });
}

/** Awaiting a future: a library await that forwards a cancellation of the awaiting task to the future. */
function awaitFuture<T>(future: Future<T>): Promise<T> {
  if (future.done()) {
    const pending = takePendingCancel();
    if (pending) return Promise.reject(pending);
    try {
      return Promise.resolve(future.result());
    } catch (err) {
      return Promise.reject(err);
    }
  }
  return suspend<T>((resolve, reject) => {
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

// ---------------------------------------------------------------------------------------------------------------
// Task

/** Who owns a task's lifetime: `run()` keeps one per run so it can cancel leftovers and report lost failures. */
export interface TaskScope {
  started(task: Task<unknown>): void;
  finished(task: Task<unknown>): void;
}

let nextTaskNumber = 1;

export class Task<T = unknown> extends Future<T> {
  readonly name: string;
  /** @internal */
  readonly scope: TaskScope | undefined;
  #body: (() => PromiseLike<T> | T) | undefined;
  #waiters: Canceller[] = [];
  #mustCancel = false;
  #cancelMessage: string | undefined;
  #cancelRequests = 0;

  /** Use `createTask`; the constructor is public only for `run()` and `TaskGroup`. */
  constructor(body: () => PromiseLike<T> | T, options: { name?: string; scope?: TaskScope } = {}) {
    super();
    this.name = options.name ?? `Task-${nextTaskNumber++}`;
    this.#body = body;
    this.scope = options.scope ?? storage.getStore()?.scope;
    livingTasks++;
    this.scope?.started(this as Task<unknown>);
    queueMicrotask(() => this.#start());
  }

  /**
   * Requests cancellation: a pending library await rejects with CancelledError now, otherwise the next one will.
   * Returns false if the task is already done. Each call counts towards `cancelling()`.
   */
  override cancel(message?: string): boolean {
    if (this.done()) return false;
    this.#cancelRequests++;
    this.#cancelMessage = message;
    const waiters = this.#waiters.length === 1 ? [this.#waiters[0]!] : this.#waiters.slice();
    let delivered = false;
    for (const canceller of waiters) if (canceller(new CancelledError(message))) delivered = true;
    if (!delivered) this.#mustCancel = true;
    return true;
  }

  /** How many cancellation requests are outstanding (asyncio 3.11 Task.cancelling). */
  cancelling(): number {
    return this.#cancelRequests;
  }

  /**
   * Withdraws one cancellation request, for scopes (timeout, TaskGroup) that cancelled the task themselves and have
   * handled it. When none remain, an undelivered request is dropped too.
   */
  uncancel(): number {
    if (this.#cancelRequests > 0) this.#cancelRequests--;
    if (this.#cancelRequests === 0) this.#mustCancel = false;
    return this.#cancelRequests;
  }

  override setResult(): never {
    throw new InvalidStateError('a Task sets its own result');
  }

  override setException(): never {
    throw new InvalidStateError('a Task sets its own exception');
  }

  protected override label(): string {
    return `Task ${JSON.stringify(this.name)}`;
  }

  /** @internal */
  takePendingCancel(): CancelledError | undefined {
    if (!this.#mustCancel) return undefined;
    this.#mustCancel = false;
    return new CancelledError(this.#cancelMessage);
  }

  /** @internal */
  addWaiter(canceller: Canceller): void {
    if (this.#waiters.push(canceller) === 1) blockedTasks++;
  }

  /** @internal */
  removeWaiter(canceller: Canceller): void {
    const at = this.#waiters.indexOf(canceller);
    if (at === -1) return;
    this.#waiters.splice(at, 1);
    if (this.#waiters.length === 0) blockedTasks--;
  }

  #start(): void {
    const body = this.#body!;
    this.#body = undefined;
    if (this.#mustCancel) {
      // Cancelled before it ever ran: like asyncio, the body never starts.
      this.#end(false, this.takePendingCancel());
      return;
    }
    let running: PromiseLike<T> | T;
    try {
      running = storage.run(this as Task<unknown>, body) as PromiseLike<T> | T;
    } catch (err) {
      this.#end(false, err);
      return;
    }
    Promise.resolve(running).then(
      (value) => this.#end(true, value),
      (err: unknown) => this.#end(false, err),
    );
  }

  #end(ok: boolean, outcome: unknown): void {
    livingTasks--;
    if (this.#waiters.length > 0) {
      this.#waiters.length = 0;
      blockedTasks--;
    }
    if (ok && this.#mustCancel) {
      // A cancellation requested but never delivered still ends the task cancelled, as in asyncio.
      this.settle(CANCELLED, undefined, this.takePendingCancel());
    } else if (ok) {
      this.settle(FINISHED, outcome as T, undefined);
    } else if (outcome instanceof CancelledError) {
      this.settle(CANCELLED, undefined, outcome);
    } else {
      this.settle(FINISHED, undefined, outcome, true);
    }
    this.scope?.finished(this as Task<unknown>);
  }
}

/**
 * Schedules `fn(...args)` as a task; it starts in a microtask, inside the task's context. Unlike asyncio, which
 * takes a coroutine object, this takes the async function itself (see the design note).
 */
export function createTask<T, A extends unknown[]>(fn: (...args: A) => PromiseLike<T> | T, ...args: A): Task<T> {
  return new Task<T>(() => fn(...args));
}

/** Like createTask, with a name for reports. */
export function createNamedTask<T, A extends unknown[]>(name: string, fn: (...args: A) => PromiseLike<T> | T, ...args: A): Task<T> {
  return new Task<T>(() => fn(...args), { name });
}

/** Anything the combinators accept: a future or task, a promise, or an async function to run as a task. */
export type AwaitableLike<T = unknown> = Future<T> | PromiseLike<T> | (() => PromiseLike<T> | T);

/** asyncio.ensure_future: futures pass through, functions become tasks, promises are wrapped in a future. */
export function ensureFuture<T>(awaitable: AwaitableLike<T>): Future<T> {
  if (awaitable instanceof Future) return awaitable;
  if (typeof awaitable === 'function') return new Task<T>(awaitable);
  const future = new Future<T>();
  awaitable.then(
    (value) => {
      if (!future.done()) future.setResult(value);
    },
    (err: unknown) => {
      if (future.done()) return;
      if (err instanceof CancelledError) future.cancel(err.message);
      else future.setException(err);
    },
  );
  return future;
}

/** Resolves once `future` is done, without retrieving its outcome and without being cancellable. */
export function whenDone(future: Future<unknown>): Promise<void> {
  return new Promise((resolve) => future.addDoneCallback(() => resolve()));
}
