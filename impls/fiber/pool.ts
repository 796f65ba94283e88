/**
 * Group and Pool (gevent.pool): sets of greenlets you can join or kill together. A Pool caps how many run at once:
 * its spawn blocks the caller while the pool is full, which is what makes `for (...) yield* pool.spawn(...)` a
 * concurrency limit without any queue of pending work.
 *
 * A greenlet leaves its group on the hub turn after it ends (through a rawlink), so a Pool slot frees then too.
 */
import { Greenlet, type GreenletFunction } from './greenlet.ts';
import { Event, Semaphore } from './sync.ts';
import { joinall, killall } from './wait.ts';
import type { Green } from './waiter.ts';

abstract class GreenletSet implements Iterable<Greenlet<unknown>> {
  protected readonly members = new Set<Greenlet<unknown>>();
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
    g.unlink(this.onEnd);
    this.released();
    if (this.members.size === 0) this.empty.set();
  }

  /**
   * Green thread only. Waits until the set is empty (every member ended); false if `timeout` seconds passed first. With
   * `raiseError`, the first member seen to fail has its exception raised here.
   */
  *join(options: { timeout?: number; raiseError?: boolean } = {}): Green<boolean> {
    if (options.raiseError) {
      yield* joinall([...this.members], { timeout: options.timeout, raiseError: true });
    }
    return yield* this.empty.wait(options.timeout);
  }

  /** Kills every member now; the returned generator waits for them to end (see killall). */
  kill(options: { exception?: unknown; block?: boolean; timeout?: number } = {}): Green<void> {
    return killall([...this.members], options);
  }

  protected track(g: Greenlet<unknown>): void {
    if (this.members.has(g)) return;
    this.members.add(g);
    this.empty.clear();
    g.rawlink(this.onEnd);
  }

  /** A member left; Pool frees its slot here. */
  protected released(): void {}

  private readonly onEnd = (g: Greenlet<unknown>): void => this.discard(g);
}

/** An unbounded set of greenlets. */
export class Group extends GreenletSet {
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

/** A Group of at most `size` members at once (unbounded when size is undefined). */
export class Pool extends GreenletSet {
  private readonly slots: Semaphore | undefined;

  constructor(readonly capacity?: number) {
    super();
    if (capacity !== undefined && !(capacity >= 1)) throw new RangeError('a Pool needs a size of at least 1');
    this.slots = capacity === undefined ? undefined : new Semaphore(capacity);
  }

  /** How many more greenlets could be added without blocking. */
  freeCount(): number {
    return this.slots === undefined ? Infinity : this.slots.counter;
  }

  full(): boolean {
    return this.freeCount() <= 0;
  }

  /** Green thread only. Waits for a free slot, then adds `g`; false if no slot freed within `timeout` seconds. */
  *add(g: Greenlet<unknown>, options: { timeout?: number } = {}): Green<boolean> {
    if (this.members.has(g)) return true;
    if (this.slots !== undefined && !(yield* this.slots.acquire({ timeout: options.timeout }))) return false;
    this.track(g);
    return true;
  }

  /** Green thread only. Waits for a free slot, then spawns `fn(...args)` in it. */
  *spawn<A extends unknown[], R>(fn: GreenletFunction<A, R>, ...args: A): Green<Greenlet<R>> {
    const g = new Greenlet<R>(fn as GreenletFunction<any[], R>, args);
    yield* this.add(g as Greenlet<unknown>);
    g.start();
    return g;
  }

  /** Green thread only. Waits until at least one slot is free (true), or `timeout` seconds pass (false). */
  *waitAvailable(timeout?: number): Green<boolean> {
    if (this.slots === undefined || this.slots.counter > 0) return true;
    if (!(yield* this.slots.acquire({ timeout }))) return false;
    this.slots.release();
    return true;
  }

  protected override released(): void {
    this.slots?.release();
  }
}
