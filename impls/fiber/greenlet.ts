/**
 * Greenlet: a generator function run by the hub as a green thread (gevent.Greenlet).
 *
 * A greenlet is spawned (scheduled to start on the hub's next turn), runs until it blocks with `yield*`, and ends
 * by returning (successful, `value`), by raising (failed, `exception`, printed by the hub), or by GreenletExit
 * (successful, and the exit is its `value`: being killed is not an error). Links are callbacks notified on a later
 * hub turn after it ends, never inline.
 */
import { GreenletExit } from './exceptions.ts';
import { getHub, type Hub } from './hub.ts';
import { Timeout } from './timeout.ts';
import type { TimerHandle } from './timers.ts';
import { TIMED_OUT, Waiter, waitFor, type Green } from './waiter.ts';

export type GreenletFunction<A extends unknown[], R> = (...args: A) => Green<R>;

/** A callback told about a greenlet's end. For `link`, it may also be a generator function: it runs as a greenlet. */
export type LinkCallback<R> = (g: Greenlet<R>) => unknown;

interface Link<R> {
  // Method syntax keeps Greenlet<R> assignable to Greenlet<unknown> (parameters are checked bivariantly).
  cb(g: Greenlet<R>): unknown;
  /** rawlink callbacks run in the hub and must not block; link callbacks get a greenlet of their own. */
  spawned: boolean;
  when: 'always' | 'value' | 'exception';
}

let nextId = 1;

export class Greenlet<R = unknown> {
  readonly id = nextId++;
  name: string;
  value: R | undefined;
  exception: unknown;

  /** @internal The running generator; undefined until the hub starts it. */
  gen: Generator<Waiter<unknown>, unknown, unknown> | undefined;
  /** @internal The Waiter this greenlet is blocked on, if it is blocked. */
  parkedOn: Waiter<unknown> | undefined;

  private ended = false;
  private failed = false;
  private scheduled = false;
  private startTimer: TimerHandle | undefined;
  private links: Array<Link<R>> = [];
  private notifyPending = false;

  constructor(
    readonly fn: GreenletFunction<any[], R>,
    readonly args: unknown[] = [],
    readonly hub: Hub = getHub(),
  ) {
    this.name = `Greenlet-${this.id}`;
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
    this.hub.living++;
    this.hub.schedule(this as Greenlet<unknown>);
  }

  /** Any context. Schedules the first run after `seconds`. */
  startLater(seconds: number): void {
    if (this.scheduled || this.ended) return;
    this.scheduled = true;
    this.hub.living++;
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
  *join(timeout?: number): Green<void> {
    if (this.ended) return;
    yield* this.waitEnd(timeout);
  }

  /**
   * Its return value, or its exception re-raised. Waits for it to end unless `block` is false; raises a Timeout
   * if it has not ended by then.
   */
  *get(options: { block?: boolean; timeout?: number } = {}): Green<R> {
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
    if (!this.ended) {
      if (this.gen === undefined) this.endBeforeStart(exception);
      else this.hub.callback(() => this.hub.throwInto(this as Greenlet<unknown>, exception));
    }
    return options.block === false ? nothing() : this.join(options.timeout);
  }

  toString(): string {
    const fnName = this.fn.name || 'anonymous';
    const args = this.args.map(describeArg).join(', ');
    return `<Greenlet "${this.name}" #${this.id}: ${fnName}(${args.length > 80 ? `${args.slice(0, 77)}...` : args})>`;
  }

  // --- hub internals ---

  /** @internal Ends a greenlet that never ran (killed while scheduled). */
  endBeforeStart(err: unknown): void {
    this.startTimer?.cancel();
    this.finish(undefined, err, true);
  }

  /** @internal Records how it ended, reports a failure, and schedules the links. */
  finish(value: unknown, err?: unknown, threw = false): void {
    if (this.ended) return;
    this.ended = true;
    this.gen = undefined;
    this.parkedOn = undefined;
    if (this.scheduled) this.hub.living--;
    if (threw && !(err instanceof GreenletExit)) {
      this.failed = true;
      this.exception = err;
    } else {
      this.value = (threw ? err : value) as R;
    }
    this.scheduleNotify();
    this.hub.mainEnded(this as Greenlet<unknown>);
    if (this.failed) this.hub.handleError(this, err);
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
        this.hub.spawn(runLinkCallback<R>, link.cb, this);
        continue;
      }
      try {
        link.cb(this);
      } catch (err) {
        this.hub.handleError(link.cb.name ? `<link ${link.cb.name}>` : '<link callback>', err);
      }
    }
  };
}

/** A link callback run as its own greenlet: plain functions just run, generator functions may block. */
function* runLinkCallback<R>(cb: LinkCallback<R>, g: Greenlet<R>): Green<void> {
  const r = cb(g);
  if (typeof r === 'object' && r !== null && typeof (r as Generator).next === 'function') {
    yield* r as Green<unknown>;
  }
}

function* nothing(): Green<void> {}

function describeArg(a: unknown): string {
  if (typeof a === 'string') return JSON.stringify(a.length > 40 ? `${a.slice(0, 37)}...` : a);
  if (typeof a === 'number' || typeof a === 'boolean' || a === undefined || a === null) return String(a);
  if (typeof a === 'function') return a.name || 'function';
  return (a as object).constructor?.name ?? 'object';
}

/** Any context. Spawns on the current hub (gevent.spawn). */
export function spawn<A extends unknown[], R>(fn: GreenletFunction<A, R>, ...args: A): Greenlet<R> {
  return Greenlet.spawn(fn, ...args);
}

/** Any context. Spawns on the current hub after `seconds` (gevent.spawn_later). */
export function spawnLater<A extends unknown[], R>(seconds: number, fn: GreenletFunction<A, R>, ...args: A): Greenlet<R> {
  return Greenlet.spawnLater(seconds, fn, ...args);
}
