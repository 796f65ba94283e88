/**
 * The hub: one scheduler per run, sitting on Node's event loop the way gevent's hub sits on libev/libuv.
 *
 * It owns three things:
 *   - the run queue: greenlets to start, parked greenlets whose Waiter was switched, and hub callbacks
 *     (gevent's `loop.run_callback`). A turn drains it in order, for at most one switch interval, then gives Node's
 *     loop a chance to run I/O callbacks (setImmediate) before draining the rest, so a greenlet spinning on
 *     `sleep(0)` cannot starve sockets.
 *   - the timers: a heap, with one clock timer armed for the nearest deadline.
 *   - the count of active I/O watchers (a parked recv/sendall/connect, a listening server), which is what lets the
 *     hub tell "waiting for the network" from "waiting for nothing".
 *
 * The switch protocol is split as in gevent: the hub only decides *when*. A greenlet to start is queued and the
 * hub calls its `begin()`; a greenlet blocks by yielding a Waiter, and a wake source's `waiter.switch(value)` queues
 * that waiter, on whose turn the hub calls `waiter.deliver()`, which resumes the greenlet (`Greenlet.switch` /
 * `Greenlet.throw`). The greenlet owns its generator and where it is parked; the waiter owns its result.
 *
 * When a wake-up happens in the hub itself (a hub callback such as an Event's or a greenlet's link notification, a
 * timer, a socket event) the waiter switches to its greenlet at once, as gevent's Waiter.switch does from the hub; a
 * wake-up from greenlet code or plain Node code is queued for the hub (as gevent's locks and queues notify from a
 * callback). A turn runs the due timers and then the run queue, in a microtask right after the current callback
 * returns, or directly inside the Node callback when a timer expires. A socket event is a libev watcher's callback:
 * it runs the expired timers and then switches straight to the parked greenlet, inside the Node callback, and leaves
 * what that queued for a turn after every ready I/O callback (Node's check phase), which is the order of a libev
 * loop iteration in gevent: timers, then the ready watchers, then the callbacks (conformance/fiber/io-after-block).
 * Nothing ever runs a greenlet inline from spawn(): greenlet code runs only inside a turn, one greenlet at a time,
 * from its last `yield` to its next.
 *
 * Deadlock detection (gevent's LoopExit): when a turn ends with the run queue empty, no live timer and no active
 * watcher while the main greenlet is still parked, nothing can ever wake it, so LoopExit is thrown into it.
 *
 * Who may call what: methods marked "any context" may be called from greenlets, hub callbacks and plain Node
 * code; "hub only" from hub callbacks and timer callbacks; "green thread only" from inside a running greenlet
 * (they are generators, used with `yield*`).
 */
import { performance } from 'node:perf_hooks';
import { systemClock, type Clock } from './clock.ts';
import { BlockingSwitchOutError, GreenletExit, LoopExit, formatTraceback } from './exceptions.ts';
import { Greenlet, getCurrent } from './greenlet.ts';
import { addressOf, pyRepr } from './repr.ts';
import { ThreadPool } from './threadpool.ts';
import { TimerHeap, type TimerHandle } from './timers.ts';
import { Waiter, type Green } from './waiter.ts';
import type { CoreStats } from '../contract.ts';

type Runnable = Waiter<unknown> | Greenlet<unknown> | (() => void);

export interface HubOptions {
  clock?: Clock;
  /** Seconds one turn may run greenlets before letting Node poll for I/O (gevent: sys.getswitchinterval(), 0.005). */
  switchInterval?: number;
  /** Where handleError writes; stderr by default. */
  writeError?: (text: string) => void;
  /** Worker threads of the hub's threadpool (gevent's Hub.threadpool_size, 10). */
  threadpoolSize?: number;
}

/** The hub whose turn is executing, for hub callbacks that call getHub(). */
let turnHub: Hub | undefined;
let defaultHub: Hub | undefined;

/** Any context. The hub of the running greenlet or hub callback; otherwise a process-wide default hub. */
export function getHub(): Hub {
  return getCurrent()?.hub ?? turnHub ?? (defaultHub ??= new Hub());
}

export class Hub {
  readonly clock: Clock;
  private readonly switchIntervalMs: number;
  private readonly writeError: (text: string) => void;
  private readonly threadpoolSize: number;
  private pool: ThreadPool | undefined;

  private queue: Array<Runnable | undefined> = [];
  private head = 0;
  private readonly timers = new TimerHeap();
  private armed: { at: number; handle: unknown } | undefined;
  private watchers = 0;
  private turnPending = false;
  private inTurn = false;
  private main: Greenlet<unknown> | undefined;
  /** Greenlets started and not yet dead (gevent has no such count; it feeds stats()). */
  private living = 0;

  constructor(options: HubOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.switchIntervalMs = (options.switchInterval ?? 0.005) * 1000;
    this.writeError = options.writeError ?? ((text) => void process.stderr.write(text));
    this.threadpoolSize = options.threadpoolSize ?? 10;
  }

  /** Any context. The hub's own ThreadPool (gevent's hub.threadpool), made on first use. */
  get threadpool(): ThreadPool {
    return (this.pool ??= new ThreadPool(this.threadpoolSize, this));
  }

  /**
   * Any context. Starts `fn` as this hub's main greenlet and returns it; the caller learns of its end through
   * `rawlink`/`link` on the returned greenlet. Other greenlets still parked when main ends are left where they
   * are, as gevent leaves them when the main greenlet returns.
   */
  run<A extends unknown[], R>(fn: (...args: A) => Green<R>, ...args: A): Greenlet<R> {
    if (this.main !== undefined && !this.main.dead) throw new Error('this hub is already running a main greenlet');
    const g = new Greenlet(fn, args, this);
    this.main = g;
    g.start();
    return g;
  }

  /** Any context. Creates and schedules a greenlet on this hub (module-level spawn() uses the current hub). */
  spawn<A extends unknown[], R>(fn: (...args: A) => Green<R>, ...args: A): Greenlet<R> {
    const g = new Greenlet(fn, args, this);
    g.start();
    return g;
  }

  /** Any context. The running greenlet, if it is one of this hub's. */
  getCurrent(): Greenlet<unknown> | undefined {
    const g = getCurrent();
    return g?.hub === this ? g : undefined;
  }

  stats(): CoreStats {
    return { living: this.living, runnable: this.queue.length - this.head, timers: this.timers.size };
  }

  /** @internal Greenlet only: one more (start) or one fewer (end) living greenlet. */
  countLiving(delta: 1 | -1): void {
    this.living += delta;
  }

  // --- scheduling (any context) ---

  /** @internal Greenlet.start and Waiter only (others use callback()): queues a start or a wake-up for this turn or the next. */
  schedule(item: Runnable): void {
    this.queue.push(item);
    if (!this.inTurn && !this.turnPending) {
      this.turnPending = true;
      queueMicrotask(this.turn);
    }
  }

  /**
   * @internal From a Node I/O callback only (a socket's data, end, error or writability): wakes `w` here and now, as
   * a libev watcher's callback switches straight to its greenlet in gevent. As libev does within one loop iteration,
   * timers that expired meanwhile run first, then the woken greenlet; what they queue (link notifications, spawns,
   * wake-ups from locks and queues) waits for a turn after every I/O callback Node has ready (setImmediate: its
   * check phase), since gevent runs its callbacks only once every ready watcher has run. Inside a turn it only
   * wakes. Never call it from greenlet code: the greenlet would then run inside another.
   */
  wakeFromIo(w: Waiter<unknown>): void {
    if (this.inTurn) {
      w.switch(undefined);
      return;
    }
    const outer = this.enter();
    try {
      this.runDueTimers();
      w.switch(undefined);
    } finally {
      this.leave(outer);
    }
    this.afterTurn();
  }

  /**
   * @internal Waiter only: whether a wake-up happens in the hub itself (a hub callback or a timer, inside a turn,
   * no greenlet running), where gevent's Waiter.switch switches to the greenlet at once.
   */
  switchesNow(): boolean {
    return this.inTurn && getCurrent() === undefined;
  }

  /** Any context. Runs `fn` in the hub on a later turn (gevent's loop.run_callback). It must not block. */
  callback(fn: () => void): void {
    this.schedule(fn);
  }

  /** Any context. Calls `fire` in the hub once `seconds` have passed (gevent's loop.timer); fire must not block. */
  timer(seconds: number, fire: () => void): TimerHandle {
    const t = this.timers.add(this.clock.now() + Math.max(0, seconds * 1000), fire);
    // Inside a turn the timer is armed when the turn ends; outside, nobody else would arm it.
    if (!this.inTurn) this.arm();
    return t;
  }

  /** @internal An I/O wait began / ended. Only parked waits count: an idle open socket cannot wake anyone. */
  addWatcher(): void {
    this.watchers++;
  }
  removeWatcher(): void {
    this.watchers--;
    // The last watcher going away may leave main waiting for nothing; a turn notices.
    if (this.watchers === 0 && !this.inTurn && !this.turnPending) {
      this.turnPending = true;
      queueMicrotask(this.turn);
    }
  }

  // --- errors (hub only) ---

  /**
   * Hub only; never raises. Reports a greenlet (or callback) that failed, then lets everything else go on, as
   * gevent's Hub.handle_error does, in its words: the traceback, then the UTC time and what failed, by its repr
   * (`<Greenlet at 0x1: f('a')>`, `<callback at 0x2 args=()>`). GreenletExit is not an error and is not printed.
   * Replace it on an instance to send errors elsewhere.
   */
  handleError(context: unknown, err: unknown): void {
    try {
      if (err instanceof GreenletExit) return;
      const type = err instanceof Error ? err.name : typeof err;
      const where = context === undefined ? '\n' : ` ${typeof context === 'string' ? context : pyRepr(context)} failed with ${type}\n\n`;
      this.writeError(`${formatTraceback(err)}\n${new Date().toISOString().slice(0, 19)}Z${where}`);
    } catch {
      // Reporting must never take the hub down with it.
    }
  }

  /** @internal Greenlet only: a warning that is not an error (see Greenlet.reportUnrunCalls), where errors go. */
  warn(text: string): void {
    this.writeError(text);
  }

  // --- the turn ---

  /** One turn: the due timers, then the run queue. */
  private readonly turn = (): void => {
    this.turnPending = false;
    if (this.inTurn) return;
    const outer = this.enter();
    try {
      this.runDueTimers();
      this.drain();
    } finally {
      this.leave(outer);
    }
    this.afterTurn();
  };

  /** Marks a turn as running (greenlets run only inside one); returns the hub whose turn this one interrupts. */
  private enter(): Hub | undefined {
    this.inTurn = true;
    const outer = turnHub;
    turnHub = this;
    return outer;
  }

  private leave(outer: Hub | undefined): void {
    this.inTurn = false;
    turnHub = outer;
  }

  /** What a turn left queued runs on a later one; with nothing queued, the clock timer is aimed and a deadlock looked for. */
  private afterTurn(): void {
    if (this.head < this.queue.length) {
      if (!this.turnPending) {
        this.turnPending = true;
        setImmediate(this.turn);
      }
      return;
    }
    this.arm();
    this.detectLoopExit();
  }

  private drain(): void {
    // The clock is read only once a turn gets long: most turns run a handful of items.
    let budgetEnd = Infinity;
    let n = 0;
    while (this.head < this.queue.length) {
      const item = this.queue[this.head]!;
      this.queue[this.head++] = undefined;
      if (typeof item === 'function') {
        try {
          item();
        } catch (err) {
          this.handleError(`<callback at ${addressOf(item)} args=()>`, err);
        }
      } else if (item instanceof Waiter) {
        item.deliver();
      } else {
        item.begin();
      }
      if ((++n & 63) === 0) {
        if (budgetEnd === Infinity) budgetEnd = performance.now() + this.switchIntervalMs;
        else if (performance.now() >= budgetEnd) break;
      }
    }
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    } else if (this.head > 1024) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  private runDueTimers(): void {
    if (this.timers.size === 0) return;
    const now = this.clock.now();
    // Collect first: a timer callback that starts a zero-delay timer must not keep this loop going forever.
    const due: TimerHandle[] = [];
    for (let t = this.timers.popDue(now); t !== undefined; t = this.timers.popDue(now)) due.push(t);
    for (const t of due) {
      try {
        t.fireIfActive(); // an earlier timer's callback may have cancelled it
      } catch (err) {
        this.handleError(t, err);
      }
    }
  }

  /** Keeps the one clock timer aimed at the nearest deadline; a stale earlier wake-up is harmless and left alone. */
  private arm(): void {
    const next = this.timers.nextDeadline();
    if (next === undefined) {
      // Disarm, or an expired request timeout would keep the process alive for nothing.
      if (this.armed !== undefined) this.clock.clearTimer(this.armed.handle);
      this.armed = undefined;
      return;
    }
    if (this.armed !== undefined && this.armed.at <= next) return;
    if (this.armed !== undefined) this.clock.clearTimer(this.armed.handle);
    this.armed = { at: next, handle: this.clock.setTimer(next - this.clock.now(), this.onClockTimer) };
  }

  private readonly onClockTimer = (): void => {
    this.armed = undefined;
    if (this.inTurn) return; // the running turn re-arms when it ends
    this.turn();
  };

  private detectLoopExit(): void {
    const main = this.main;
    if (main === undefined || main.dead || !main.parked()) return;
    if (this.watchers > 0 || this.timers.size > 0) return;
    this.schedule(() => main.throw(new LoopExit()));
  }
}

/**
 * Green thread only. Parks the caller for `seconds`; `sleep(0)` just lets every other runnable greenlet
 * go first (it goes to the back of the run queue).
 */
export function sleep(seconds = 0): Green<void> {
  return Greenlet.made(sleepBody(seconds));
}

function* sleepBody(seconds = 0): Green<void> {
  Greenlet.ran();
  const hub = getHub();
  if (hub.getCurrent() === undefined) throw new BlockingSwitchOutError('sleep() outside a greenlet');
  const w = new Waiter<void>(hub);
  if (seconds <= 0) {
    hub.callback(() => w.switch());
    yield* w.get();
    return;
  }
  const timer = hub.timer(seconds, () => w.switch());
  try {
    yield* w.get();
  } finally {
    timer.cancel();
  }
}
