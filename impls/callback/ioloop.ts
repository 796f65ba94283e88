/**
 * A Tornado-style IOLoop (the pre-6.0 callback API) running on top of Node's event loop.
 *
 * ## How start/stop map onto Node
 *
 * Tornado's `start()` blocks in `poll()` until `stop()`. Node cannot block, and it already has a poller, so here:
 *
 * - `start()` marks the loop running, schedules its first turn, and **returns at once**. "start() has returned" in
 *   Tornado's sense is announced later to the listeners registered with `addStopListener` (the adapter turns that into
 *   a resolved promise).
 * - One *turn* is one iteration of the loop (asyncio's `_run_once` under Tornado 5.1): snapshot the ready callbacks,
 *   collect every due timer, run the callbacks, run the timers. Callbacks added during a turn wait for the next one;
 *   timers due at the same time fire in deadline order, and in the order they were set for equal delays. The "poll" step is Node itself: at the end of a turn the loop asks Node to wake
 *   it with `setImmediate` when callbacks are ready, with one `setTimeout` for the nearest deadline when only timers
 *   are pending, or not at all when it is idle (I/O events arrive as `addCallback` calls, which wake it).
 * - `stop()` inside a turn lets the turn finish and then stops; outside a turn it schedules one last turn, so
 *   callbacks already queued still run. `stop()` on a loop that is not running makes the next `start()` run exactly
 *   one turn (the callbacks already queued and the timers already due) and return, as Tornado 5.1's loop does on
 *   Python 3, where it is asyncio's (`run_forever` after `stop`); this loop follows that one wherever Tornado's own
 *   poll loop would differ.
 * - A running loop keeps the process alive until it stops, as Tornado's blocking `start()` does, even when nothing is
 *   left that could ever wake it (a callback program waiting on a Future nobody will complete hangs; it does not exit).
 * - A callback that throws is logged on `tornado.application` ("Exception in callback ...", see log.ts) and the loop
 *   goes on; `start()` sets up logging as Tornado's does (`logging.basicConfig()` when nothing is configured).
 * - While stopped, I/O still arrives from Node and queues as callbacks; they run at the next `start()`, just as events
 *   wait in the kernel while a Tornado loop is not polling.
 *
 * `runInExecutor(executor, call)` is Tornado 5.1's run_in_executor on Python 3 (asyncio's underneath): the call runs
 * in a worker thread (impls/shared/executor.ts), and the returned Future is completed on the loop with its result or
 * the error it threw; `addFuture(future, callback)` is the callback form. Cancelling that Future before the worker has
 * picked the call up means it never runs; a call already running runs to its end and its result is dropped.
 * A JavaScript function cannot cross to another thread, so the call names an exported function of a module
 * (`workerCall(import.meta.url, 'fn', arg)`) where Tornado takes `func, *args`.
 *
 * Times are seconds, as in Tornado: `time()`, `callAt(when)`, `callLater(delay)`. `time()` is on the scale of the wall
 * clock, as Tornado 5.1's `time.time()` (so `callAt(Date.now() / 1000 + 5, f)` works, to a millisecond or so), but it
 * never jumps: it is the wall-clock time the process started plus a monotonic clock. Only the wait asked of Node is in
 * milliseconds.
 */
import { performance } from 'node:perf_hooks';
import type { CoreStats } from '../contract.ts';
import { WorkerExecutor, type WorkerCall } from '../shared/executor.ts';
import { Future } from './concurrent.ts';
import { whenSettled, type Executor } from './executor.ts';
import { TimerHeap, Timeout, type Callback } from './heap.ts';
import { appLog, setupLogging } from './log.ts';

export { Timeout, type Callback } from './heap.ts';

/**
 * How a turn gets onto Node's event loop; injectable so tests can step turns by hand. `soon` and `after` return a
 * handle that the matching cancel function accepts.
 */
export interface TurnScheduler {
  soon(turn: () => void): unknown;
  cancelSoon(handle: unknown): void;
  /** Runs `turn` after `ms` milliseconds (Node's unit; the loop converts from seconds). */
  after(ms: number, turn: () => void): unknown;
  cancelAfter(handle: unknown): void;
  /**
   * Keeps the process alive until `release` is given the returned handle: a running loop holds it as Tornado's
   * blocking start() does, even with nothing to wait for.
   */
  hold(): unknown;
  release(handle: unknown): void;
}

/** Longest delay Node's timers take (about 24.8 days); the hold's timer never needs to fire. */
const MAX_NODE_DELAY_MS = 2 ** 31 - 1;

export const nodeScheduler: TurnScheduler = {
  soon: (turn) => setImmediate(turn),
  cancelSoon: (handle) => clearImmediate(handle as NodeJS.Immediate),
  // Node rounds to whole milliseconds and may fire a hair early; rounding up avoids a wasted turn.
  after: (ms, turn) => setTimeout(turn, Math.ceil(ms)),
  cancelAfter: (handle) => clearTimeout(handle as NodeJS.Timeout),
  hold: () => setInterval(() => undefined, MAX_NODE_DELAY_MS),
  release: (handle) => clearInterval(handle as NodeJS.Timeout),
};

/** Seconds on the wall clock's scale that never jump: the process's start time plus a monotonic clock. */
export function wallClock(): number {
  return (performance.timeOrigin + performance.now()) / 1000;
}

export interface IOLoopOptions {
  /** Time source in seconds that never goes back; `wallClock` unless given (tests inject a fake one). */
  clock?: () => number;
  scheduler?: TurnScheduler;
  /** Dead timer entries tolerated before the heap is rebuilt (see TimerHeap). */
  timerCompactMin?: number;
}

/** Longest single wait asked of Node, in seconds (an hour): a far-off deadline is reached in hops. */
const MAX_WAIT = 3600;

const NO_TIMERS: Timeout[] = [];

const WRAPPER = Symbol('callback wrapper');

/**
 * Marks `fn` as plumbing that runs the user callback given as its first argument (as IOStream does), so that the error
 * log names the user's function rather than the wrapper.
 */
export function markWrapper<F extends Callback>(fn: F): F {
  (fn as F & { [WRAPPER]?: true })[WRAPPER] = true;
  return fn;
}

/** A readable name for a callback in the error log, in the spirit of Python's repr(). */
export function describeCallback(fn: Callback, args: readonly unknown[] = []): string {
  if ((fn as Callback & { [WRAPPER]?: true })[WRAPPER] && typeof args[0] === 'function') {
    return describeCallback(args[0] as Callback, args.slice(1));
  }
  const name = fn.name ? fn.name.replace(/^bound /, '') : 'anonymous';
  const n = args.filter((a) => a !== undefined).length;
  return n > 0 ? `<function ${name}> with ${n} argument${n === 1 ? '' : 's'}` : `<function ${name}>`;
}

/** A worker's answer lands on a Future unless it was cancelled meanwhile (asyncio's _set_state does the same). */
function settle(future: Future<unknown>, complete: () => void): void {
  if (!future.cancelled()) complete();
}

export class IOLoop {
  private static currentLoop: IOLoop | undefined;

  /** The loop of this "thread" (Node has one), created on first use, as `IOLoop.current()` does. */
  static current(): IOLoop {
    return (IOLoop.currentLoop ??= new IOLoop());
  }

  /** Tornado 5's deprecated alias for `current()`. */
  static instance(): IOLoop {
    return IOLoop.current();
  }

  static clearCurrent(): void {
    IOLoop.currentLoop = undefined;
  }

  private readonly clock: () => number;
  private readonly scheduler: TurnScheduler;

  /** Callbacks ready to run, stored flat as fn, args, fn, args... to avoid an object per callback. */
  private callbacks: unknown[] = [];
  private readonly timers: TimerHeap;
  private timerSeq = 0;
  /** Open streams and listening sockets: Tornado's fd handlers, counted by `stats()`. */
  private readonly handlers = new Set<object>();

  private running = false;
  private stopRequested = false;
  private inTurn = false;
  /** The one wake-up requested from Node: none, a setImmediate ('soon') or a setTimeout for `wakeAt` ('timer'). */
  private wakeKind: 'none' | 'soon' | 'timer' = 'none';
  private wakeHandle: unknown = undefined;
  private wakeAt = 0;
  private readonly stopListeners = new Set<() => void>();
  /** The scheduler's hold on the process while running. */
  private holdHandle: unknown = undefined;
  /** runInExecutor's executor when given none: set by setDefaultExecutor, or made on first use. */
  private defaultExecutor: Executor | undefined;

  constructor(options: IOLoopOptions = {}) {
    this.clock = options.clock ?? wallClock;
    this.scheduler = options.scheduler ?? nodeScheduler;
    this.timers = new TimerHeap(options.timerCompactMin);
  }

  makeCurrent(): void {
    IOLoop.currentLoop = this;
  }

  /** The loop's clock, in seconds: what `callAt` deadlines are measured against. */
  time(): number {
    return this.clock();
  }

  isRunning(): boolean {
    return this.running;
  }

  // --- scheduling API ---

  addCallback(fn: Callback, ...args: unknown[]): void {
    this.callbacks.push(fn, args);
    // Inside a turn the end-of-turn wait computation already sees this callback.
    if (this.running && !this.inTurn && this.wakeKind !== 'soon') this.wakeSoon();
  }

  /**
   * Tornado's add_callback_from_signal, for a signal handler (`process.on('SIGUSR2', ...)`). Node runs signal handlers
   * on its event loop, between turns, so this is addCallback; it is here so Tornado code ports name for name.
   */
  addCallbackFromSignal(fn: Callback, ...args: unknown[]): void {
    this.addCallback(fn, ...args);
  }

  /** Runs `fn(...args)` on the next turn, after the callbacks already queued. */
  spawnCallback(fn: Callback, ...args: unknown[]): void {
    this.addCallback(fn, ...args);
  }

  /** Runs `fn(...args)` once the loop time reaches `when` (seconds, on the `time()` clock). */
  callAt(when: number, fn: Callback, ...args: unknown[]): Timeout {
    const timeout = new Timeout(when, this.timerSeq++, fn, args);
    this.timers.push(timeout);
    if (this.running && !this.inTurn) {
      if (this.wakeKind === 'none' || (this.wakeKind === 'timer' && when < this.wakeAt)) this.wakeAtTime(when);
    }
    return timeout;
  }

  /** Runs `fn(...args)` after `delay` seconds. */
  callLater(delay: number, fn: Callback, ...args: unknown[]): Timeout {
    return this.callAt(this.time() + delay, fn, ...args);
  }

  /** Tornado's older name for `callAt`. */
  addTimeout(deadline: number, fn: Callback, ...args: unknown[]): Timeout {
    return this.callAt(deadline, fn, ...args);
  }

  /**
   * Runs `callback(future)` on the loop once `future` is done: on the next turn if it is done already (as
   * addCallback), else one turn after its done callbacks.
   */
  addFuture<T>(future: Future<T>, callback: (future: Future<T>) => void): void {
    // Tornado's future_add_done_callback: a done Future's callback is scheduled at once, not through the Future.
    if (future.done()) this.addCallback(callback, future);
    else future.addDoneCallback((done) => this.addCallback(callback, done));
  }

  /**
   * Runs `call` in a worker thread of `executor` (the loop's default executor when null) and returns a Future that the
   * loop completes with the call's result or the error it threw, a loop turn after the worker answered. Cancelling
   * the Future withdraws the call if it is still queued; a running call runs to its end and its result is dropped.
   * Errors cross threads by structured clone: built-in classes (TypeError, RangeError...) keep their class, others
   * arrive as Error with their message.
   */
  runInExecutor<R = unknown>(executor: Executor | null, call: WorkerCall): Future<R> {
    const job = (executor ?? this.getDefaultExecutor()).submit<R>(call);
    const future = new Future<R>(this);
    // As asyncio's _chain_future: a cancelled Future cancels the call it stands for (which only a queued call heeds).
    future.addDoneCallback((done) => {
      if (done.cancelled()) job.cancel();
    });
    whenSettled(
      job.promise,
      (value) => this.addCallback(settle, future, () => future.setResult(value)),
      (error) => this.addCallback(settle, future, () => future.setException(error)),
    );
    return future;
  }

  /** Tornado's set_default_executor: the executor runInExecutor(null, ...) uses. */
  setDefaultExecutor(executor: Executor): void {
    this.defaultExecutor = executor;
  }

  private getDefaultExecutor(): Executor {
    // asyncio makes its default executor on first use; one worker thread per core (docs/departures.md#callback-default-executor).
    return (this.defaultExecutor ??= new WorkerExecutor());
  }

  removeTimeout(timeout: Timeout): void {
    // A Node timer armed for it may still fire; the turn then finds nothing due and re-arms for the new nearest deadline.
    this.timers.cancel(timeout);
  }

  // --- lifecycle ---

  start(): void {
    if (this.running) throw new Error('IOLoop is already running');
    setupLogging();
    // After a stop() while not running, stopRequested is still set: the first turn runs and then the loop stops.
    this.running = true;
    this.holdHandle = this.scheduler.hold();
    this.makeCurrent();
    this.wakeSoon();
  }

  stop(): void {
    this.stopRequested = true;
    if (this.running && !this.inTurn && this.wakeKind !== 'soon') this.wakeSoon();
  }

  /** Called every time the loop stops, i.e. when Tornado's blocking `start()` would have returned. */
  addStopListener(listener: () => void): () => void {
    this.stopListeners.add(listener);
    return () => this.stopListeners.delete(listener);
  }

  /** Drops everything queued and shuts the default executor down; the loop must not be running. */
  close(): void {
    if (this.running) throw new Error('cannot close a running IOLoop; stop() it first');
    // As asyncio's close(): the default executor's threads go, without waiting for calls still running.
    void this.defaultExecutor?.close?.();
    this.defaultExecutor = undefined;
    this.callbacks = [];
    this.timers.clear();
    this.handlers.clear();
    if (IOLoop.currentLoop === this) IOLoop.currentLoop = undefined;
  }

  addHandler(handler: object): void {
    this.handlers.add(handler);
  }

  removeHandler(handler: object): void {
    this.handlers.delete(handler);
  }

  stats(): CoreStats {
    const runnable = this.callbacks.length >> 1;
    const timers = this.timers.live;
    return { living: runnable + timers + this.handlers.size, runnable, timers };
  }

  // --- running callbacks ---

  /** The single place a user callback runs: an exception is reported and the loop carries on, as Tornado's does. */
  runCallback(fn: Callback, args: unknown[]): void {
    try {
      fn(...args);
    } catch (err) {
      this.handleCallbackException(fn, args, err);
    }
  }

  /** Override to report differently; the default logs as Tornado's does, on tornado.application with the traceback. */
  handleCallbackException(fn: Callback, args: readonly unknown[], err: unknown): void {
    appLog.error(`Exception in callback ${describeCallback(fn, args)}`, err);
  }

  // --- one turn of the loop ---

  private readonly turn = (): void => {
    this.wakeKind = 'none';
    this.wakeHandle = undefined;
    if (!this.running) return;
    this.inTurn = true;
    try {
      const ready = this.takeReadyCallbacks();
      const due = this.timers.size > 0 ? this.collectDueTimers(this.time()) : NO_TIMERS;
      this.runReadyCallbacks(ready);
      this.runDueTimers(due);
    } finally {
      this.inTurn = false;
    }
    if (this.stopRequested) this.finishStop();
    else this.scheduleNextTurn();
  };

  /**
   * Takes the callbacks queued so far. Tornado snapshots the count; swapping the list out is the same thing: anything a
   * callback adds during this turn lands in the fresh list and waits for the next turn, so a callback that keeps
   * re-adding itself cannot starve timers or I/O.
   */
  private takeReadyCallbacks(): unknown[] {
    const ready = this.callbacks;
    if (ready.length > 0) this.callbacks = [];
    return ready;
  }

  /**
   * Pops every timer due at `now` before any of them runs, so a timer scheduled by a callback for "now" waits a turn
   * instead of being picked up by the turn that scheduled it. Cancelled entries met on the way are discarded.
   */
  private collectDueTimers(now: number): Timeout[] {
    const due: Timeout[] = [];
    for (let head = this.timers.peek(); head !== undefined; head = this.timers.peek()) {
      if (head.cancelled) this.timers.pop();
      else if (head.deadline <= now) due.push(this.timers.pop()!);
      else break;
    }
    return due;
  }

  private runReadyCallbacks(ready: unknown[]): void {
    for (let i = 0; i < ready.length; i += 2) this.runCallback(ready[i] as Callback, ready[i + 1] as unknown[]);
  }

  private runDueTimers(due: Timeout[]): void {
    for (const timeout of due) {
      const fn = timeout.callback;
      if (fn === null) continue; // cancelled by an earlier callback in this same turn
      timeout.callback = null;
      this.runCallback(fn, timeout.args);
    }
  }

  /** 0 when callbacks are ready, the seconds to the nearest live deadline when only timers wait, null when idle. */
  computeWaitTime(now: number): number | null {
    if (this.callbacks.length > 0) return 0;
    let head = this.timers.peek();
    while (head !== undefined && head.cancelled) {
      this.timers.pop();
      head = this.timers.peek();
    }
    if (head === undefined) return null;
    return Math.min(Math.max(0, head.deadline - now), MAX_WAIT);
  }

  private scheduleNextTurn(): void {
    if (this.callbacks.length > 0) {
      this.wakeSoon(); // the busy path: skip reading the clock
      return;
    }
    const now = this.time();
    const wait = this.computeWaitTime(now);
    if (wait === 0) this.wakeSoon();
    else if (wait !== null) this.wakeAtTime(now + wait);
  }

  private wakeSoon(): void {
    this.cancelWake();
    this.wakeKind = 'soon';
    this.wakeHandle = this.scheduler.soon(this.turn);
  }

  private wakeAtTime(when: number): void {
    this.cancelWake();
    this.wakeKind = 'timer';
    this.wakeAt = when;
    this.wakeHandle = this.scheduler.after(Math.max(0, (when - this.time()) * 1000), this.turn);
  }

  private cancelWake(): void {
    if (this.wakeKind === 'soon') this.scheduler.cancelSoon(this.wakeHandle);
    else if (this.wakeKind === 'timer') this.scheduler.cancelAfter(this.wakeHandle);
    this.wakeKind = 'none';
    this.wakeHandle = undefined;
  }

  private finishStop(): void {
    this.cancelWake();
    this.running = false;
    this.stopRequested = false;
    this.scheduler.release(this.holdHandle);
    this.holdHandle = undefined;
    this.notifyStopped();
  }

  private notifyStopped(): void {
    for (const listener of [...this.stopListeners]) this.runCallback(listener, []);
  }
}
