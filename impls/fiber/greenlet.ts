/**
 * Greenlet: a generator function run by the hub as a green thread (gevent.Greenlet).
 *
 * A greenlet is spawned (scheduled to start on the hub's next turn), runs until it blocks with `yield*`, and ends
 * by returning (successful, `value`), by raising (failed, `exception`, printed by the hub), or by GreenletExit
 * (successful, and the exit is its `value`: being killed is not an error). Links are callbacks notified on a later
 * hub turn after it ends, never inline.
 *
 * The switch protocol, as in gevent, is the greenlet's own: the hub starts it (`begin`), a Waiter it is parked on
 * resumes it (`switch` / `throw`), and only this module touches its generator and knows where it is parked. Which
 * greenlet is running is this module's too (`getCurrent`).
 */
import { GreenletExit } from './exceptions.ts';
import { getHub, type Hub } from './hub.ts';
import { addressOf, pyRepr } from './repr.ts';
import { Timeout } from './timeout.ts';
import type { TimerHandle } from './timers.ts';
import { TIMED_OUT, Waiter, noWait, waitFor, type Green } from './waiter.ts';

export type GreenletFunction<A extends unknown[], R> = (...args: A) => Green<R>;

/**
 * A callback told about a greenlet's end. For `link`, it may also be a generator function: it then runs as a greenlet
 * of its own, started at once when the links are notified (gevent's SpawnedLink), so it may block.
 */
export type LinkCallback<R> = (g: Greenlet<R>) => unknown;

interface Link<R> {
  // Method syntax keeps Greenlet<R> assignable to Greenlet<unknown> (parameters are checked bivariantly).
  cb(g: Greenlet<R>): unknown;
  /** rawlink callbacks run in the hub and must not block; link callbacks may be generator functions that block. */
  spawned: boolean;
  when: 'always' | 'value' | 'exception';
}

let nextId = 1;

/** The greenlet whose generator is executing right now (greenlets run one at a time, process-wide). */
let running: Greenlet<unknown> | undefined;

/** Any context. The running greenlet, or undefined in hub callbacks and plain Node code. */
export function getCurrent(): Greenlet<unknown> | undefined {
  return running;
}

export class Greenlet<R = unknown> {
  readonly id = nextId++;
  value: R | undefined;
  exception: unknown;

  /** Its generator; undefined until the hub starts it, and again once it has ended. */
  private gen: Generator<Waiter<unknown>, unknown, unknown> | undefined;
  /** The Waiter it is blocked on, if it is blocked. */
  private parkedOn: Waiter<unknown> | undefined;

  private ended = false;
  private failed = false;
  private scheduled = false;
  private startTimer: TimerHandle | undefined;
  private links: Array<Link<R>> = [];
  private notifyPending = false;
  /** The name given, if any; gevent's repr shows a name only once one was given or asked for. */
  private givenName: string | undefined;
  /** What its repr says after the colon, kept once formatted (gevent's _formatted_info). */
  private info: string | undefined;
  /** Blocking calls it made and has not started running yet: each is a `yield*` forgotten, if it ends so. */
  private unrun = 0;

  constructor(
    readonly fn: GreenletFunction<any[], R>,
    readonly args: unknown[] = [],
    readonly hub: Hub = getHub(),
  ) {}

  /** `Greenlet-<id>` unless one was assigned (gevent's Greenlet.name). */
  get name(): string {
    return (this.givenName ??= `Greenlet-${this.id}`);
  }

  set name(name: string) {
    this.givenName = name;
  }

  /** Any context. Creates a greenlet and schedules it to start on the hub's next turn. */
  static spawn<A extends unknown[], R>(fn: GreenletFunction<A, R>, ...args: A): Greenlet<R> {
    const g = new Greenlet<R>(fn as GreenletFunction<any[], R>, args);
    g.start();
    return g;
  }

  /** Any context. Like spawn, but the greenlet starts after `seconds`. */
  static spawnLater<A extends unknown[], R>(seconds: number, fn: GreenletFunction<A, R>, ...args: A): Greenlet<R> {
    const g = new Greenlet<R>(fn as GreenletFunction<any[], R>, args);
    g.startLater(seconds);
    return g;
  }

  /** True once it has ended, including being killed before it started. */
  get dead(): boolean {
    return this.ended;
  }

  ready(): boolean {
    return this.ended;
  }

  successful(): boolean {
    return this.ended && !this.failed;
  }

  /** Any context. Schedules the first run on the hub's next turn; calling it again does nothing. */
  start(): void {
    if (this.scheduled || this.ended) return;
    this.scheduled = true;
    this.hub.countLiving(1);
    this.hub.schedule(this as Greenlet<unknown>);
  }

  /** Any context. Schedules the first run after `seconds`. */
  startLater(seconds: number): void {
    if (this.scheduled || this.ended) return;
    this.scheduled = true;
    this.hub.countLiving(1);
    this.startTimer = this.hub.timer(seconds, () => this.hub.schedule(this as Greenlet<unknown>));
  }

  // --- links (any context) ---

  /** Calls `cb(this)` in the hub after this greenlet ends; cb must not block. */
  rawlink(cb: LinkCallback<R>): void {
    this.addLink({ cb, spawned: false, when: 'always' });
  }

  /** Runs `cb(this)` in a new greenlet after this one ends, whatever the outcome. */
  link(cb: LinkCallback<R>): void {
    this.addLink({ cb, spawned: true, when: 'always' });
  }

  /** Like link, only if this greenlet succeeded. */
  linkValue(cb: LinkCallback<R>): void {
    this.addLink({ cb, spawned: true, when: 'value' });
  }

  /** Like link, only if this greenlet failed. */
  linkException(cb: LinkCallback<R>): void {
    this.addLink({ cb, spawned: true, when: 'exception' });
  }

  unlink(cb: LinkCallback<R>): void {
    const i = this.links.findIndex((l) => l.cb === cb);
    if (i >= 0) this.links.splice(i, 1);
  }

  // --- blocking (green thread only) ---

  /** Waits until it ends, or `timeout` seconds pass. Never raises for the greenlet's own failure. */
  join(timeout?: number): Green<void> {
    return Greenlet.made(this.joinBody(timeout));
  }

  private *joinBody(timeout?: number): Green<void> {
    Greenlet.ran();
    if (this.ended) return;
    yield* this.waitEnd(timeout);
  }

  /**
   * Its return value, or its exception re-raised. Waits for it to end unless `block` is false; raises a Timeout
   * if it has not ended by then.
   */
  get(options: { block?: boolean; timeout?: number } = {}): Green<R> {
    return Greenlet.made(this.getBody(options));
  }

  private *getBody(options: { block?: boolean; timeout?: number } = {}): Green<R> {
    Greenlet.ran();
    if (!this.ended) {
      if (options.block === false) throw new Timeout();
      if (!(yield* this.waitEnd(options.timeout))) throw new Timeout(options.timeout);
    }
    if (this.failed) throw this.exception;
    return this.value as R;
  }

  /**
   * Any context for the kill itself, which happens at once: a greenlet that has not started yet simply ends; a
   * running one gets `exception` raised at the point where it is blocked, on the hub's next turn (its `finally`
   * blocks run). The returned generator waits for it to end (`yield* g.kill()`); with `block: false` it returns at
   * once, and plain code may ignore it.
   */
  kill(exception: unknown = new GreenletExit(), options: { block?: boolean; timeout?: number } = {}): Green<void> {
    this.info ??= '_run'; // gevent's kill frees the function and its arguments at once, whatever the greenlet's state
    if (!this.ended) {
      if (this.gen === undefined) this.throw(exception);
      else this.hub.callback(() => this.throw(exception));
    }
    return options.block === false ? noWait() : this.waitDead(options.timeout);
  }

  /** join() for kill(): not counted as a blocking call, since a caller may ignore what kill() returns. */
  private *waitDead(timeout: number | undefined): Green<void> {
    if (this.ended) return;
    yield* this.waitEnd(timeout);
  }

  /**
   * gevent's repr: `<Greenlet at 0x1: fetch('a', 3)>`, with `"name"` after the class once it has one. As in gevent,
   * a greenlet that ended before anything asked for its repr has forgotten its function: `<Greenlet at 0x1: _run>`.
   */
  toString(): string {
    const named = this.givenName === undefined ? ' ' : ` "${this.givenName}" `;
    if (this.info === undefined) {
      const args = this.args.map((a) => pyRepr(a).slice(0, 50));
      this.info = `${this.fn.name || pyRepr(this.fn)}${args.length > 0 ? `(${args.join(', ')})` : ''}`;
    }
    return `<Greenlet${named}at ${addressOf(this)}: ${this.info}>`;
  }

  // --- the forgotten yield* (every public blocking call) ---

  /**
   * @internal Every public blocking call, as `return Greenlet.made(body(...))`: counts a blocking call the running
   * greenlet made. Written without `yield*` in front (`sleep(1);`), the call makes a generator nobody runs, and
   * nothing else would ever say so: the greenlet reports it when it ends.
   */
  static made<T>(gen: Green<T>): Green<T> {
    if (running !== undefined) running.unrun++;
    return gen;
  }

  /** @internal The first statement of every public blocking call's body: that call is being run after all. */
  static ran(): void {
    if (running !== undefined && running.unrun > 0) running.unrun--;
  }

  /** @internal Greenlet (at its end) and run() (before it ends the process): reports blocking calls never run. */
  reportUnrunCalls(): void {
    if (this.unrun === 0) return;
    const n = this.unrun;
    this.unrun = 0;
    this.hub.warn(
      `${String(this)} ended with ${n} blocking call${n === 1 ? '' : 's'} it never ran: a blocking call does nothing ` +
        'without yield* in front of it (write `yield* sleep(1)`, not `sleep(1)`)\n',
    );
  }

  // --- the switch protocol (hub only) ---

  /**
   * @internal Hub only: the first switch into it, from the run queue after start(), or at once for a link's
   * greenlet (see notifyLinks).
   */
  begin(): void {
    if (this.ended || this.gen !== undefined) return; // killed before it started, or started twice
    const outer = running;
    running = this as Greenlet<unknown>;
    let gen: unknown;
    try {
      gen = this.fn(...this.args);
    } catch (err) {
      running = outer;
      this.end(undefined, err, true);
      return;
    }
    running = outer;
    if (!isGenerator(gen)) {
      this.end(gen, undefined, false); // a plain function: it already ran to completion
      return;
    }
    this.gen = gen;
    this.step(false, undefined);
  }

  /** @internal Hub only (Waiter.deliver): resumes it where it is parked, its blocking call returning `value`. */
  switch(value: unknown): void {
    this.step(false, value);
  }

  /**
   * @internal Hub only (Waiter.deliver, Timeout, kill, LoopExit): raises `err` where it is parked, now (gevent's
   * greenlet.throw from the hub). One that never started just ends with `err`, at once. Called while a greenlet
   * is running, it waits for a hub callback, since a generator cannot be re-entered while one is executing.
   */
  throw(err: unknown): void {
    if (this.ended) return;
    if (this.gen === undefined) {
      this.startTimer?.cancel();
      this.end(undefined, err, true);
      return;
    }
    if (running !== undefined) {
      this.hub.callback(() => this.throw(err));
      return;
    }
    this.step(true, err);
  }

  /** @internal Waiter and hub: whether it is blocked on `w`. */
  isParkedOn(w: Waiter<unknown>): boolean {
    return this.parkedOn === w;
  }

  /** @internal Hub (LoopExit): whether it is blocked on any waiter, rather than running, queued or ended. */
  parked(): boolean {
    return this.parkedOn !== undefined;
  }

  /** Runs it from its last yield to its next one, or to its end. */
  private step(isThrow: boolean, value: unknown): void {
    this.parkedOn = undefined;
    const outer = running;
    running = this as Greenlet<unknown>;
    let r: IteratorResult<Waiter<unknown>, unknown>;
    try {
      r = isThrow ? this.gen!.throw(value) : this.gen!.next(value);
    } catch (err) {
      running = outer;
      this.end(undefined, err, true);
      return;
    }
    running = outer;
    if (r.done) {
      this.end(r.value, undefined, false);
    } else if (r.value instanceof Waiter) {
      this.parkedOn = r.value;
    } else {
      const bad = new TypeError(`${String(this)} yielded ${typeof r.value}: block only with yield* on a blocking call`);
      this.hub.callback(() => this.throw(bad));
    }
  }

  /** Records how it ended, reports a failure, and schedules the links. */
  private end(value: unknown, err: unknown, threw: boolean): void {
    if (this.ended) return;
    this.ended = true;
    this.gen = undefined;
    this.parkedOn = undefined;
    if (this.scheduled) this.hub.countLiving(-1);
    if (threw && !(err instanceof GreenletExit)) {
      this.failed = true;
      this.exception = err;
    } else {
      this.value = (threw ? err : value) as R;
    }
    this.scheduleNotify();
    if (this.failed) this.hub.handleError(this, err);
    this.reportUnrunCalls();
    this.info ??= '_run'; // gevent frees the function and its arguments when the greenlet ends
  }

  private *waitEnd(timeout: number | undefined): Green<boolean> {
    const w = new Waiter<unknown>(this.hub);
    const wake = (): void => w.switch(undefined);
    this.rawlink(wake);
    try {
      return (yield* waitFor(w, timeout)) !== TIMED_OUT;
    } finally {
      this.unlink(wake);
    }
  }

  private addLink(link: Link<R>): void {
    this.links.push(link);
    if (this.ended) this.scheduleNotify();
  }

  private scheduleNotify(): void {
    if (this.notifyPending || this.links.length === 0) return;
    this.notifyPending = true;
    this.hub.callback(this.notifyLinks);
  }

  private readonly notifyLinks = (): void => {
    this.notifyPending = false;
    // Links added while notifying are notified too; each link is removed before it runs, so at most once.
    for (let guard = 0; guard < 100_000 && this.links.length > 0; guard++) {
      const link = this.links.shift()!;
      if (link.when === 'value' && this.failed) continue;
      if (link.when === 'exception' && !this.failed) continue;
      if (link.spawned) {
        // A greenlet of its own, started now: it runs to its end or its first block before the next link.
        new LinkGreenlet(link.cb, this).begin();
        continue;
      }
      try {
        link.cb(this);
      } catch (err) {
        this.hub.handleError(linkRepr(link.cb, this), err);
      }
    }
  };
}

/** How gevent names a link that failed: the callback, and the greenlet it was linked to. */
function linkRepr(cb: LinkCallback<never>, source: Greenlet<unknown>): string {
  return `(${pyRepr(cb)}, ${String(source)})`;
}

/** A link() callback's body: a plain function just runs; a generator function's generator is run, and may block. */
function* runLink(cb: LinkCallback<never>, source: Greenlet<unknown>): Green<void> {
  const r = cb(source as Greenlet<never>);
  if (isGenerator(r)) yield* r;
}

/** The greenlet a link() callback runs in (gevent runs it in a bare greenlet); named like the link it runs. */
class LinkGreenlet extends Greenlet<unknown> {
  constructor(
    private readonly cb: LinkCallback<never>,
    private readonly source: Greenlet<unknown>,
  ) {
    super(runLink, [cb, source], source.hub);
  }

  override toString(): string {
    return linkRepr(this.cb, this.source);
  }
}

function isGenerator(value: unknown): value is Generator<Waiter<unknown>, unknown, unknown> {
  return typeof value === 'object' && value !== null && typeof (value as Generator).next === 'function' && typeof (value as Generator).throw === 'function';
}

/** Any context. Spawns on the current hub (gevent.spawn). */
export function spawn<A extends unknown[], R>(fn: GreenletFunction<A, R>, ...args: A): Greenlet<R> {
  return Greenlet.spawn(fn, ...args);
}

/** Any context. Spawns on the current hub after `seconds` (gevent.spawn_later). */
export function spawnLater<A extends unknown[], R>(seconds: number, fn: GreenletFunction<A, R>, ...args: A): Greenlet<R> {
  return Greenlet.spawnLater(seconds, fn, ...args);
}
