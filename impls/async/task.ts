/**
 * Tasks, and how cancellation reaches one: the core of the async style.
 *
 * Design note
 * -----------
 * asyncio owns its coroutines: a Task drives its coroutine step by step, so `task.cancel()` can throw
 * CancelledError into whatever `await` the coroutine is suspended at. A JavaScript async function is driven by the
 * engine instead, and nothing outside it can make a pending `await` throw. So this layer delivers cancellation at
 * its own awaits:
 *
 *  - Every Task runs its body with the task in the task-context slot (current.ts), so any library call can find the
 *    task it is running in (`currentTask()`), through every `await` of that body. The slot is V8's
 *    continuation-preserved data (through a small addon) or AsyncLocalStorage: context.ts says which, when, and what
 *    each costs.
 *  - Every library await (sleep, stream read/drain, connect, lock/semaphore acquire, queue get/put, awaiting a
 *    future or task) is a Waiter (waiter.ts), registered with the current task for as long as it is pending.
 *    `task.cancel()` cancels the waiters: each one undoes its registration (leaves the waiter queue, clears its
 *    timer, destroys a half-open socket) and rejects its promise with CancelledError, so the body's `await` throws,
 *    its `finally` blocks run, and the task ends cancelled once the error propagates out.
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
 *  - A task can end with library awaits still pending (the loser of a `Promise.race`, a promise never awaited);
 *    asyncio cannot, since a coroutine waits on one thing at a time. When it ends, each is undone as a cancellation
 *    would undo it, so that nothing stays armed and no data goes to a promise nobody reads, and is rejected with
 *    CancelledError for whoever still holds it.
 *  - Internally, a CancelScope (cancel-scope.ts) narrows a cancellation to the library awaits made inside it (the
 *    slot holds the scope instead of the task). The HTTP client's per-request deadline uses one: like aiohttp's
 *    timeout it cancels the request in the caller's task, yet two requests under one `Promise.all` keep separate
 *    deadlines.
 *
 * Cost matters (most on AsyncLocalStorage, where every promise pays for promise hooks). The tricks are named where
 * they live: one Waiter object per pending await (waiter.ts), one ready queue drained per batch for done-callbacks
 * and task starts (ready-queue.ts), timers without closures (timers.ts), and here: a task's arguments kept on the task
 * instead of in a closure, and waits that need not block returning shared or ready promises (streams, sync).
 *
 * Other departures from asyncio, all forced by the language:
 *  - `createTask(fn, ...args)` takes an async function rather than a coroutine object, because calling an async
 *    function already starts it; the task calls it (in a microtask, like asyncio's call_soon) inside its context.
 *  - CancelledError is an ordinary Error: a `catch` that must not stop a cancellation has to rethrow it.
 *  - A failed task whose exception nobody retrieved is reported through the exception handler (stderr by default)
 *    when `run()` tears down, when the task is garbage-collected, or at the latest when the process exits; never as
 *    an unhandled rejection: a Future creates a promise only when something awaits it.
 */
import { CancelledError, InvalidStateError } from './errors.ts';
import type { CancelScope } from './cancel-scope.ts';
import type { DefaultExecutorSlot } from './executor.ts';
import { countTaskBlocked, countTaskBorn, countTaskEnded, countTaskUnblocked } from './counters.ts';
import { taskContext, type WaitContext } from './current.ts';
import { Future } from './future.ts';
import { callSoon } from './ready-queue.ts';
import type { Waiter } from './waiter.ts';

/**
 * Who owns a task's lifetime: a Runner (runner.ts), one per run, so it can cancel leftovers, report lost failures and
 * shut its default executor down (executor.ts).
 */
export interface TaskOwner extends DefaultExecutorSlot {
  started(task: Task<unknown>): void;
  finished(task: Task<unknown>): void;
  /** The tasks started and not finished yet. */
  living(): ReadonlySet<Task<unknown>>;
  /**
   * Calls `check` once the run has ended (its tasks done), for resources that report being left open (a
   * ClientSession); returns how to withdraw it (when the resource is closed in time).
   */
  atTeardown(check: () => void): () => void;
}

let nextTaskNumber = 1;

export class Task<T = unknown> extends Future<T> implements WaitContext {
  /** @internal The run() this task belongs to, inherited from the task that created it. */
  readonly owner: TaskOwner | undefined;
  /** @internal What the task-context slot answers for a task body: the task itself, and no cancel scope. */
  readonly task: Task<unknown>;
  /** @internal See `task`. */
  readonly cancelScope: CancelScope | undefined = undefined;
  private givenName: string | undefined;
  private readonly number: number;
  private body: ((...args: never[]) => PromiseLike<T> | T) | undefined;
  private args: unknown[] | undefined;
  private readonly waiters: Array<Waiter<unknown>> = [];
  private mustCancel = false;
  private cancelMessage: string | undefined;
  private cancelRequests = 0;

  /** Use `createTask`; the constructor is public only for `run()` and `TaskGroup`. */
  constructor(body: () => PromiseLike<T> | T, options: { name?: string; owner?: TaskOwner } = {}) {
    super();
    this.task = this as Task<unknown>;
    this.givenName = options.name;
    this.number = options.name === undefined ? nextTaskNumber++ : 0;
    this.body = body;
    this.owner = options.owner ?? taskContext.get()?.task.owner;
    countTaskBorn();
    this.owner?.started(this as Task<unknown>);
    callSoon(Task.startSoon, this as Task<unknown>, undefined);
  }

  /** @internal createTask's (and TaskGroup's) way in: the task calls `fn(...args)`, with no closure to hold them. */
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

  /** How many cancellation requests are outstanding (asyncio's Task.cancelling). */
  cancelling(): number {
    return this.cancelRequests;
  }

  /**
   * Withdraws one cancellation request, for scopes (timeout, TaskGroup) that cancelled the task themselves and have
   * handled it; returns how many remain. As in asyncio 3.12, a cancellation still waiting for the task's next
   * library await stays pending even when none remain (3.13 drops it).
   */
  uncancel(): number {
    if (this.cancelRequests > 0) this.cancelRequests--;
    return this.cancelRequests;
  }

  override setResult(): never {
    throw new InvalidStateError('a Task sets its own result');
  }

  override setException(): never {
    throw new InvalidStateError('a Task sets its own exception');
  }

  protected override label(): string {
    return `Task name='${this.name}'`;
  }

  /** @internal Library awaits (through the WaitContext): takes a cancellation waiting to be delivered. */
  takePendingCancel(): CancelledError | undefined {
    if (!this.mustCancel) return undefined;
    this.mustCancel = false;
    return new CancelledError(this.cancelMessage);
  }

  /** @internal waiter.ts: a library await of this task began. */
  addWaiter(waiter: Waiter<unknown>): void {
    if (this.waiters.push(waiter) === 1) countTaskBlocked();
  }

  /** @internal waiter.ts: a library await of this task ended. */
  removeWaiter(waiter: Waiter<unknown>): void {
    // Performance: the waiter ending is nearly always the last one added (one await at a time), so pop() first.
    const waiters = this.waiters;
    const last = waiters.length - 1;
    if (last >= 0 && waiters[last] === waiter) waiters.pop();
    else {
      const at = waiters.indexOf(waiter);
      if (at === -1) return;
      waiters.splice(at, 1);
    }
    if (waiters.length === 0) countTaskUnblocked();
  }

  /**
   * @internal cancel-scope.ts: cancels the pending waits made inside `scope` or a scope within it; false if none took
   * the cancellation.
   */
  cancelWaitersOf(scope: CancelScope, message: string | undefined): boolean {
    let delivered = false;
    for (const waiter of this.waiters.slice()) {
      if (scope.contains(waiter.scope) && waiter.cancel(new CancelledError(message))) delivered = true;
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
    void taskContext.run(this as Task<unknown>, Task.drive, this as Task<unknown>, body as (...args: unknown[]) => unknown, args);
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
    countTaskEnded();
    if (this.waiters.length > 0) {
      // Waits the body left pending (a Promise.race it lost): undone, so that they hold nothing and take nothing.
      const left = this.waiters.splice(0);
      countTaskUnblocked();
      for (const waiter of left) waiter.orphan();
    }
    if (ok && this.mustCancel) {
      // A cancellation requested but never delivered still ends the task cancelled, as in asyncio.
      this.cancelWith(this.takePendingCancel()!);
    } else if (ok) {
      this.finishWith(outcome as T);
    } else if (outcome instanceof CancelledError) {
      this.cancelWith(outcome);
    } else {
      this.failWith(outcome);
    }
    this.owner?.finished(this as Task<unknown>);
  }
}

/**
 * @internal The layer's functions that start a body take the function, not its promise: a porter's `createTask(f())`
 * (asyncio's `create_task(f())`) would start f in the calling task, out of reach of the new task's cancellation.
 * `caller` is how the call reads in the message.
 */
export function requireFunction(fn: unknown, caller: string): void {
  if (typeof fn === 'function') return;
  const got = fn !== null && typeof fn === 'object' && typeof (fn as PromiseLike<unknown>).then === 'function' ? 'a promise' : typeof fn;
  throw new TypeError(
    `${caller}() takes the async function itself, got ${got}: write ${caller}(fn, ...args), not ${caller}(fn(...args)); ` +
      'calling fn first starts it outside the task, where its cancellation and currentTask() cannot reach it',
  );
}

/**
 * Schedules `fn(...args)` as a task; it starts in a microtask, inside the task's context. Unlike asyncio, which
 * takes a coroutine object, this takes the async function itself (see the design note).
 */
export function createTask<T, A extends unknown[]>(fn: (...args: A) => PromiseLike<T> | T, ...args: A): Task<T> {
  requireFunction(fn, 'createTask');
  return Task.spawn(fn, args);
}

/** Like createTask, with a name for reports. */
export function createNamedTask<T, A extends unknown[]>(name: string, fn: (...args: A) => PromiseLike<T> | T, ...args: A): Task<T> {
  requireFunction(fn, 'createNamedTask');
  return Task.spawn(fn, args, name);
}
