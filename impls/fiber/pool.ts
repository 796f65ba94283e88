/**
 * Group and Pool (gevent.pool): sets of greenlets you can join or kill together. A Pool caps how many run at once:
 * its spawn blocks the caller while the pool is full, which is what makes `for (...) yield* pool.spawn(...)` a
 * concurrency limit without any queue of pending work.
 *
 * A greenlet leaves its group on the hub turn after it ends (through a rawlink), so a Pool slot frees then too.
 */
import { Greenlet, type GreenletFunction } from './greenlet.ts';
import { Event, QueueFull, Semaphore } from './sync.ts';
import { Timeout } from './timeout.ts';
import { joinall } from './wait.ts';
import { noWait, type Green } from './waiter.ts';

/** A full Pool refused a greenlet: add() without blocking, or with a timeout that passed (a QueueFull, as in gevent). */
export class PoolFull extends QueueFull {
  override name = 'PoolFull';
}

/** Guards Group.kill's loop; each pass only repeats because members were added while it waited. */
const MAX_KILL_PASSES = 10_000;

abstract class GreenletSet implements Iterable<Greenlet<unknown>> {
  protected readonly members = new Set<Greenlet<unknown>>();
  /** Members already sent their kill: they are not killed again while they die. */
  private readonly dying = new Set<Greenlet<unknown>>();
  private readonly empty = new Event();

  constructor() {
    this.empty.set();
  }

  get size(): number {
    return this.members.size;
  }

  has(g: Greenlet<unknown>): boolean {
    return this.members.has(g);
  }

  [Symbol.iterator](): Iterator<Greenlet<unknown>> {
    return this.members[Symbol.iterator]();
  }

  /** Any context. Removes `g` (it keeps running). */
  discard(g: Greenlet<unknown>): void {
    if (!this.members.delete(g)) return;
    this.dying.delete(g);
    g.unlink(this.onEnd);
    this.released();
    if (this.members.size === 0) this.empty.set();
  }

  /**
   * Green thread only. Waits until the set is empty (every member ended), true, or until `timeout` seconds pass,
   * false. With `raiseError`, once the wait is over, the failure of a greenlet that was a member when join began
   * is raised (gevent's order: the group empties first, then the error).
   */
  join(options: { timeout?: number; raiseError?: boolean } = {}): Green<boolean> {
    return Greenlet.made(this.joinBody(options));
  }

  private *joinBody(options: { timeout?: number; raiseError?: boolean } = {}): Green<boolean> {
    Greenlet.ran();
    const watched = options.raiseError ? [...this.members] : [];
    const emptied = yield* this.empty.wait(options.timeout);
    for (const g of watched) if (g.dead && !g.successful()) throw g.exception;
    return emptied;
  }

  /**
   * Kills every member now (see Greenlet.kill). The returned generator waits until the set is empty, killing
   * members added meanwhile too, for at most `timeout` seconds, and then returns quietly even if some are still
   * alive (gevent's Group.kill; killall raises instead). With `block: false` it returns at once.
   */
  kill(options: { exception?: unknown; block?: boolean; timeout?: number } = {}): Green<void> {
    this.killMembers(options.exception);
    return options.block === false ? noWait() : this.waitKilled(options.exception, options.timeout);
  }

  protected track(g: Greenlet<unknown>): void {
    if (this.members.has(g)) return;
    this.members.add(g);
    this.empty.clear();
    g.rawlink(this.onEnd);
  }

  /** A member left; Pool frees its slot here. */
  protected released(): void {}

  private killMembers(exception: unknown): void {
    for (const g of this.members) {
      if (this.dying.has(g)) continue;
      this.dying.add(g);
      void g.kill(exception, { block: false });
    }
  }

  private *waitKilled(exception: unknown, timeout: number | undefined): Green<void> {
    const t = Timeout.startNew(timeout);
    try {
      for (let pass = 0; pass < MAX_KILL_PASSES && this.members.size > 0; pass++) {
        yield* joinall([...this.members]);
        this.killMembers(exception);
      }
    } catch (err) {
      if (err !== t) throw err;
    } finally {
      t.cancel();
    }
  }

  private readonly onEnd = (g: Greenlet<unknown>): void => this.discard(g);
}

/** An unbounded set of greenlets. */
export class Group extends GreenletSet {
  /** Never: a Group has no limit (gevent's Group.full). */
  full(): boolean {
    return false;
  }

  /** Any context. */
  add(g: Greenlet<unknown>): void {
    this.track(g);
  }

  /** Any context. Spawns `fn(...args)` as a member. */
  spawn<A extends unknown[], R>(fn: GreenletFunction<A, R>, ...args: A): Greenlet<R> {
    const g = new Greenlet<R>(fn as GreenletFunction<any[], R>, args);
    this.track(g as Greenlet<unknown>);
    g.start();
    return g;
  }
}

/**
 * A Group of at most `capacity` members at once (gevent's Pool(size); unbounded when undefined). A capacity of 0 is
 * allowed, as in gevent: such a pool never has room.
 */
export class Pool extends GreenletSet {
  private readonly slots: Semaphore | undefined;

  constructor(readonly capacity?: number) {
    super();
    if (capacity !== undefined && !(capacity >= 0)) throw new RangeError(`size must not be negative: ${capacity}`);
    this.slots = capacity === undefined ? undefined : new Semaphore(capacity);
  }

  /** About how many more greenlets could be added without blocking; 1 for an unbounded pool, as in gevent. */
  freeCount(): number {
    return this.capacity === undefined ? 1 : Math.max(0, this.capacity - this.size);
  }

  full(): boolean {
    return this.freeCount() <= 0;
  }

  /**
   * Green thread only. Waits for a free slot, then adds `g` (not yet started: see spawn). Raises PoolFull if the
   * pool is full and `blocking` is false, or if no slot freed within `timeout` seconds.
   */
  add(g: Greenlet<unknown>, options: { blocking?: boolean; timeout?: number } = {}): Green<void> {
    return Greenlet.made(this.addBody(g, options));
  }

  private *addBody(g: Greenlet<unknown>, options: { blocking?: boolean; timeout?: number } = {}): Green<void> {
    Greenlet.ran();
    if (this.members.has(g)) return;
    if (this.slots !== undefined && !(yield* this.slots.acquire(options))) throw new PoolFull();
    this.track(g);
  }

  /** Green thread only. Waits for a free slot, then spawns `fn(...args)` in it. */
  spawn<A extends unknown[], R>(fn: GreenletFunction<A, R>, ...args: A): Green<Greenlet<R>> {
    return Greenlet.made(this.spawnBody(fn, ...args));
  }

  private *spawnBody<A extends unknown[], R>(fn: GreenletFunction<A, R>, ...args: A): Green<Greenlet<R>> {
    Greenlet.ran();
    const g = new Greenlet<R>(fn as GreenletFunction<any[], R>, args);
    yield* this.add(g as Greenlet<unknown>);
    g.start();
    return g;
  }

  /**
   * Green thread only. Waits until a slot is free, or `timeout` seconds pass; returns how many are free then (0 on
   * timeout; 1 for an unbounded pool).
   */
  waitAvailable(timeout?: number): Green<number> {
    return Greenlet.made(this.waitAvailableBody(timeout));
  }

  private *waitAvailableBody(timeout?: number): Green<number> {
    Greenlet.ran();
    return this.slots === undefined ? 1 : yield* this.slots.wait(timeout);
  }

  protected override released(): void {
    this.slots?.release();
  }
}
