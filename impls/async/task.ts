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
 *  - Every Task runs its body with an async context slot holding the Task, so any library call can find the task
 *    it is running in (`currentTask()`), through every `await` of that body. The slot is V8's continuation-preserved
 *    data (through a small addon) or AsyncLocalStorage: context.ts says which, when, and what each costs.
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
 *  - Internally, a CancelScope narrows a cancellation to the library awaits made inside it (the async context holds
 *    the scope instead of the task). The HTTP client's per-request deadline uses one: like aiohttp's timeout it
 *    cancels the request in the caller's task, yet two requests under one `Promise.all` keep separate deadlines.
 *
 * Cost matters (most on AsyncLocalStorage, where every promise pays for promise hooks). So a pending await is one
 * Waiter object (subclassed per kind of wait, doubling as its queue node) instead of a set of closures;
 * done-callbacks and task starts go through one ready queue (asyncio's call_soon) drained in a microtask per batch
 * rather than a queueMicrotask each; waits that need not block return shared or ready promises.
 *
 * Other departures from asyncio, all forced by the language:
 *  - `createTask(fn, ...args)` takes an async function rather than a coroutine object, because calling an async
 *    function already starts it; the task calls it (in a microtask, like asyncio's call_soon) inside its context.
 *  - CancelledError is an ordinary Error: a `catch` that must not stop a cancellation has to rethrow it.
 *  - A failed task whose exception nobody retrieved is reported through the exception handler (stderr by default)
 *    when `run()` tears down or when the task is garbage-collected, never as an unhandled rejection: a Future
 *    creates a promise only when something awaits it.
 */
import { createContextSlot } from './context.ts';
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

class Timer implements TimerHandle {
  private handle: ReturnType<typeof setTimeout> | undefined;
  private readonly fn: (arg: never) => void;
  private readonly arg: unknown;

  constructor(ms: number, fn: (arg: never) => void, arg: unknown) {
    activeTimers++;
    this.fn = fn;
    this.arg = arg;
    this.handle = setTimeout(Timer.fire, Math.max(0, ms), this);
  }

  cancel(): void {
    if (this.handle === undefined) return;
    clearTimeout(this.handle);
    this.handle = undefined;
    activeTimers--;
  }

  private static fire(timer: Timer): void {
    timer.handle = undefined;
    activeTimers--;
    (timer.fn as (arg: unknown) => void)(timer.arg);
  }
}

/** setTimeout that the stats can count (asyncio's loop.call_later); `fn(arg)` runs after `ms`. */
export function callLater(ms: number, fn: () => void): TimerHandle;
export function callLater<A>(ms: number, fn: (arg: A) => void, arg: A): TimerHandle;
export function callLater(ms: number, fn: (arg: never) => void, arg?: unknown): TimerHandle {
  return new Timer(ms, fn, arg);
}

// ---------------------------------------------------------------------------------------------------------------
// The ready queue (asyncio's loop.call_soon): callbacks run in order in one microtask per batch, outside any task,
// instead of one queueMicrotask (an AsyncResource and a closure) each.

let ready: unknown[] = []; // flat triples: fn, a, b
let flushQueued = false;

/** @internal Runs `fn(a, b)` soon, in a microtask, outside any task's context. */
export function callSoon<A, B>(fn: (a: A, b: B) => void, a: A, b: B): void {
  ready.push(fn, a, b);
  if (!flushQueued) {
    flushQueued = true;
    queueMicrotask(flushReady);
  }
}

function flushReady(): void {
  storage.run(undefined, runReady);
}

function runReady(): void {
  // Only what was queued before this pass; callbacks queued meanwhile go to the next one, after pending promise jobs.
  const batch = ready;
  ready = [];
  flushQueued = false;
  for (let i = 0; i < batch.length; i += 3) {
    try {
      (batch[i] as (a: unknown, b: unknown) => void)(batch[i + 1], batch[i + 2]);
    } catch (err) {
      callExceptionHandler({ message: 'Exception in a scheduled callback', error: err });
    }
  }
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

type Then<T> = <R1 = T, R2 = never>(
  onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
  onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
) => Promise<R1 | R2>;

/**
 * asyncio.Future: a result that will be set later, with done-callbacks, cancellation, and no promise (hence no
 * unhandled rejection) until something awaits it.
 */
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
    this.settle(FINISHED, value, undefined);
  }

  setException(error: unknown): void {
    this.ensurePending();
    this.settle(FINISHED, undefined, error, true);
  }

  /** Cancels a pending future; returns false if it was already done. */
  cancel(message?: string): boolean {
    if (this.state !== PENDING) return false;
    this.settle(CANCELLED, undefined, new CancelledError(message));
    return true;
  }

  /**
   * Awaiting a future is a library await. `await future` reads `then` at the await itself, in the awaiting task's
   * context, but calls it from a later job that V8 11 runs without that context (see context.ts); so this accessor
   * binds the context it is read in.
   */
  get then(): Then<T> {
    const context = storage.get();
    return (onFulfilled, onRejected) => awaitFuture(this, context).then(onFulfilled, onRejected);
  }

  toString(): string {
    const state = this.state === PENDING ? 'pending' : this.state === CANCELLED ? 'cancelled' : this.failed ? 'failed' : 'finished';
    return `<${this.label()} ${state}>`;
  }

  protected label(): string {
    return 'Future';
  }

  /** @internal Settles without the public API's checks; `failed` distinguishes a thrown `undefined`. */
  protected settle(state: typeof FINISHED | typeof CANCELLED, value: T | undefined, error: unknown, failed = false): void {
    this.state = state;
    this.value = value;
    this.error = error;
    this.failed = failed;
    if (failed) {
      this.unretrieved = { message: `${this.label().split(' ')[0]} exception was never retrieved`, error, label: this.label() };
      unretrievedOnCollect.register(this, this.unretrieved, this.unretrieved);
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

  /** @internal Ends cancelled with this particular error (keeping the original message and cause). */
  protected settleCancelled(error: CancelledError): void {
    this.ensurePending();
    this.settle(CANCELLED, undefined, error);
  }

  /** @internal Whether it failed and nobody has looked at the failure yet. */
  hasUnretrievedException(): boolean {
    return this.unretrieved !== undefined;
  }

  /** @internal Reports an unretrieved failure now (at run() teardown) rather than at garbage collection. */
  reportUnretrieved(): void {
    const record = this.unretrieved;
    if (!record) return;
    this.markRetrieved();
    callExceptionHandler({ message: record.message, error: record.error, future: this });
  }

  /** @internal Looks at the outcome without marking the failure retrieved. */
  peekFailure(): { failed: boolean; error: unknown } {
    return { failed: this.failed, error: this.error };
  }

  private markRetrieved(): void {
    if (!this.unretrieved) return;
    unretrievedOnCollect.unregister(this.unretrieved);
    this.unretrieved = undefined;
  }

  private ensurePending(): void {
    if (this.state !== PENDING) throw new InvalidStateError(`invalid state: ${String(this)}`);
  }

  private invoke(callback: DoneCallback<never>): void {
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

/** What the async context holds: the running task, or a cancel scope inside it (see CancelScope). */
type Context = Task<unknown> | CancelScope;

/** Holds the running task or cancel scope through every await of a task body (see context.ts). */
const storage = createContextSlot<Context>();

/** Which mechanism carries the task context in this process, and why, for reports. */
export const contextMechanism = { mechanism: storage.mechanism, reason: storage.reason };

function taskOf(context: Context | undefined): Task<unknown> | undefined {
  return context === undefined || context instanceof Task ? context : context.task;
}

/** The task whose body is running, or undefined outside any task (asyncio.current_task). */
export function currentTask(): Task<unknown> | undefined {
  return taskOf(storage.get());
}

/** @internal The current task or cancel scope, for library awaits that build their own Waiter. */
export function currentContext(): Context | undefined {
  return storage.get();
}

/**
 * If the current task has a cancellation waiting to be delivered, takes it. Library awaits that complete without
 * blocking call this first, so they still deliver a pending cancellation, and do so before taking any resource.
 */
export function takePendingCancel(): CancelledError | undefined {
  return storage.get()?.takePendingCancel();
}

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

  constructor(context: Context | undefined) {
    captured = this as unknown as Waiter<never>;
    this.promise = new Promise<T>(captureSettlers);
    if (context === undefined) {
      this.task = undefined;
      this.scope = undefined;
    } else if (context instanceof Task) {
      this.task = context;
      this.scope = undefined;
      context.addWaiter(this as Waiter<unknown>);
    } else {
      this.task = context.task;
      this.scope = context;
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

/**
 * The primitive under every library await. `arm` starts the wait and returns how to undo it on cancellation
 * (by default the promise just rejects with the CancelledError). Outside a task it is a plain promise.
 */
export function suspend<T>(arm: Arm<T>): Promise<T> {
  return suspendIn(storage.get(), arm);
}

type Arm<T> = (resolve: (value: T) => void, reject: (error: unknown) => void) => Canceller | void;

function suspendIn<T>(context: Context | undefined, arm: Arm<T>): Promise<T> {
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

/** Awaiting a future: a library await that forwards a cancellation of the awaiting task to the future. */
function awaitFuture<T>(future: Future<T>, context: Context | undefined): Promise<T> {
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
 * @internal A region of a task's body whose library awaits can be cancelled on their own, without cancelling the
 * task: `scope.run(fn)` runs `fn` with the scope as its context, so every library await it makes (through any
 * depth of calls) is tagged with the scope. `scope.cancel()` cancels just those; a cancellation of the task still
 * reaches them too. Used for per-request deadlines, so that concurrent requests in one task keep separate fates.
 */
export class CancelScope {
  readonly task: Task<unknown>;
  private mustCancel = false;
  private cancelIsRequested = false;
  private cancelMessage: string | undefined;

  constructor(task: Task<unknown>) {
    this.task = task;
  }

  run<R, A extends unknown[]>(fn: (...args: A) => R, ...args: A): R {
    return storage.run(this, fn, ...args);
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

  /** @internal The task's own pending cancellation first, then the scope's. */
  takePendingCancel(): CancelledError | undefined {
    const fromTask = this.task.takePendingCancel();
    if (fromTask || !this.mustCancel) return fromTask;
    this.mustCancel = false;
    return new CancelledError(this.cancelMessage);
  }
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
  /** @internal */
  readonly scope: TaskScope | undefined;
  private givenName: string | undefined;
  private readonly number: number;
  private body: ((...args: never[]) => PromiseLike<T> | T) | undefined;
  private args: unknown[] | undefined;
  private waiters: Array<Waiter<unknown>> = [];
  private mustCancel = false;
  private cancelMessage: string | undefined;
  private cancelRequests = 0;

  /** Use `createTask`; the constructor is public only for `run()` and `TaskGroup`. */
  constructor(body: () => PromiseLike<T> | T, options: { name?: string; scope?: TaskScope } = {}) {
    super();
    this.givenName = options.name;
    this.number = options.name === undefined ? nextTaskNumber++ : 0;
    this.body = body;
    this.scope = options.scope ?? taskOf(storage.get())?.scope;
    livingTasks++;
    this.scope?.started(this as Task<unknown>);
    callSoon(Task.startSoon, this as Task<unknown>, undefined);
  }

  /** @internal createTask's way in: the task calls `fn(...args)`, with no closure to hold them. */
  static spawn<T, A extends unknown[]>(fn: (...args: A) => PromiseLike<T> | T, args: A, name?: string): Task<T> {
    const task = new Task<T>(fn as () => PromiseLike<T> | T, name === undefined ? {} : { name });
    task.args = args;
    return task;
  }

  get name(): string {
    return (this.givenName ??= `Task-${this.number}`);
  }

  /**
   * Requests cancellation: a pending library await rejects with CancelledError now, otherwise the next one will.
   * Returns false if the task is already done. Each call counts towards `cancelling()`.
   */
  override cancel(message?: string): boolean {
    if (this.done()) return false;
    this.cancelRequests++;
    this.cancelMessage = message;
    const waiters = this.waiters;
    let delivered = false;
    if (waiters.length === 1) delivered = waiters[0]!.cancel(new CancelledError(message));
    else if (waiters.length > 1) for (const waiter of waiters.slice()) if (waiter.cancel(new CancelledError(message))) delivered = true;
    if (!delivered) this.mustCancel = true;
    return true;
  }

  /** How many cancellation requests are outstanding (asyncio 3.11 Task.cancelling). */
  cancelling(): number {
    return this.cancelRequests;
  }

  /**
   * Withdraws one cancellation request, for scopes (timeout, TaskGroup) that cancelled the task themselves and have
   * handled it. When none remain, an undelivered request is dropped too.
   */
  uncancel(): number {
    if (this.cancelRequests > 0) this.cancelRequests--;
    if (this.cancelRequests === 0) this.mustCancel = false;
    return this.cancelRequests;
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
    if (!this.mustCancel) return undefined;
    this.mustCancel = false;
    return new CancelledError(this.cancelMessage);
  }

  /** @internal */
  addWaiter(waiter: Waiter<unknown>): void {
    if (this.waiters.push(waiter) === 1) blockedTasks++;
  }

  /** @internal */
  removeWaiter(waiter: Waiter<unknown>): void {
    const waiters = this.waiters;
    const last = waiters.length - 1;
    if (last >= 0 && waiters[last] === waiter) waiters.pop();
    else {
      const at = waiters.indexOf(waiter);
      if (at === -1) return;
      waiters.splice(at, 1);
    }
    if (waiters.length === 0) blockedTasks--;
  }

  /** @internal Cancels the pending waits made inside `scope`; false if none took the cancellation. */
  cancelWaitersOf(scope: CancelScope, message: string | undefined): boolean {
    let delivered = false;
    for (const waiter of this.waiters.slice()) {
      if (waiter.scope === scope && waiter.cancel(new CancelledError(message))) delivered = true;
    }
    return delivered;
  }

  private static startSoon(task: Task<unknown>): void {
    task.start();
  }

  private start(): void {
    const body = this.body!;
    const args = this.args;
    this.body = undefined;
    this.args = undefined;
    if (this.mustCancel) {
      // Cancelled before it ever ran: like asyncio, the body never starts.
      this.end(false, this.takePendingCancel());
      return;
    }
    void storage.run(this as Task<unknown>, Task.drive, this as Task<unknown>, body as (...args: unknown[]) => unknown, args);
  }

  private static async drive(task: Task<unknown>, body: (...args: unknown[]) => unknown, args: unknown[] | undefined): Promise<void> {
    let value: unknown;
    try {
      value = await (args === undefined ? body() : body(...args));
    } catch (err) {
      task.end(false, err);
      return;
    }
    task.end(true, value);
  }

  private end(ok: boolean, outcome: unknown): void {
    livingTasks--;
    if (this.waiters.length > 0) {
      this.waiters.length = 0;
      blockedTasks--;
    }
    if (ok && this.mustCancel) {
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
  return Task.spawn(fn, args);
}

/** Like createTask, with a name for reports. */
export function createNamedTask<T, A extends unknown[]>(name: string, fn: (...args: A) => PromiseLike<T> | T, ...args: A): Task<T> {
  return Task.spawn(fn, args, name);
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
