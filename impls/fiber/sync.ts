/**
 * Synchronisation between greenlets (gevent.event.Event, gevent.lock.Semaphore / BoundedSemaphore,
 * gevent.queue.Queue).
 *
 * Waiters here are only told "look again"; the state (the flag, the counter, the items) is re-checked by the woken
 * greenlet. A greenlet can be woken and then killed or timed out before it runs, and a design that handed it the
 * item would lose that item; this one at worst passes the wake-up on to the next waiter.
 */
import { Greenlet } from './greenlet.ts';
import { getHub, type Hub } from './hub.ts';
import { addressOf, pyRepr } from './repr.ts';
import { TIMED_OUT, Waiter, waitFor, type Green } from './waiter.ts';

/**
 * Green thread only. Parks the caller in `queue` (FIFO) until `available()` holds, then calls `take()` with no
 * switch in between. Returns false if the deadline passed first. Whatever way it leaves, if the resource is still
 * available it wakes the next waiter, so a wake-up consumed by a greenlet that then gave up is not lost.
 */
function* parkUntil(
  hub: Hub,
  queue: Array<Waiter<unknown>>,
  available: () => boolean,
  take: () => void,
  timeout: number | undefined,
): Green<boolean> {
  const w = new Waiter<unknown>(hub);
  let expired = false;
  const timer = timeout === undefined ? undefined : hub.timer(timeout, () => ((expired = true), w.switch(undefined)));
  queue.push(w);
  try {
    // Every pass needs a wake-up; a greenlet that keeps losing races is re-queued at the front.
    for (;;) {
      if (available()) {
        take();
        return true;
      }
      if (expired) return false;
      if (!queue.includes(w)) queue.unshift(w);
      yield* w.get();
    }
  } finally {
    timer?.cancel();
    const i = queue.indexOf(w);
    if (i >= 0) queue.splice(i, 1);
    if (available()) queue.shift()?.switchLater(undefined);
  }
}

/**
 * A flag greenlets can wait on (gevent.event.Event). set() wakes every greenlet waiting at that moment, on the hub's
 * next turn, in the order they began waiting, even if clear() comes before they run: what a woken waiter learns is
 * that the flag was set while it waited. clear() resets it for later waits.
 */
export class Event {
  private flag = false;
  private links: Array<(e: Event) => void> = [];
  private notifyPending = false;
  private hub: Hub | undefined;

  isSet(): boolean {
    return this.flag;
  }

  ready(): boolean {
    return this.flag;
  }

  /** Any context. */
  set(): void {
    this.flag = true;
    this.scheduleNotify();
  }

  /** Any context. */
  clear(): void {
    this.flag = false;
  }

  /**
   * Green thread only. Waits until set, or until `timeout` seconds pass; true if it was set (before or during the
   * wait), false on timeout. Finding it set with a wake-up still pending, it waits for the greenlets already waiting
   * to be woken first, as gevent does since 20.5.1.
   */
  wait(timeout?: number): Green<boolean> {
    return Greenlet.made(this.waitBody(timeout));
  }

  private *waitBody(timeout?: number): Green<boolean> {
    Greenlet.ran();
    if (this.flag) {
      if (this.notifyPending) yield* this.waitNotified(undefined);
      return true;
    }
    return yield* this.waitNotified(timeout);
  }

  /**
   * Any context. `cb(this)` is called once, in the hub, on the turn after the event is set (at once if it is set
   * now); the link is removed before it is called.
   */
  rawlink(cb: (e: Event) => void): void {
    this.links.push(cb);
    if (this.flag) this.scheduleNotify();
  }

  unlink(cb: (e: Event) => void): void {
    const i = this.links.indexOf(cb);
    if (i >= 0) this.links.splice(i, 1);
  }

  /** As gevent's C-accelerated Event prints in a failure line. */
  toString(): string {
    return `<gevent._gevent_cevent.Event object at ${addressOf(this)}>`;
  }

  private *waitNotified(timeout: number | undefined): Green<boolean> {
    const w = new Waiter<unknown>((this.hub ??= getHub()));
    const wake = (): void => w.switch(undefined);
    this.links.push(wake); // not rawlink(): a notification already pending will reach it
    try {
      return (yield* waitFor(w, timeout)) !== TIMED_OUT;
    } finally {
      this.unlink(wake);
    }
  }

  private scheduleNotify(): void {
    if (this.notifyPending || !this.flag || this.links.length === 0) return;
    this.notifyPending = true;
    (this.hub ??= getHub()).callback(this.notifyLinks);
  }

  private readonly notifyLinks = (): void => {
    this.notifyPending = false;
    // Everyone linked when the hub got here is told, even if clear() came first: the flag was set while they waited.
    // Links added meanwhile (by these callbacks) are told on a later turn, if it is still set.
    for (let n = this.links.length; n > 0 && this.links.length > 0; n--) {
      const cb = this.links.shift()!;
      try {
        cb(this);
      } catch (err) {
        this.hub!.handleError(`(${pyRepr(cb)}, ${String(this)})`, err);
      }
    }
    this.scheduleNotify();
  };
}

export class Semaphore {
  protected waiters: Array<Waiter<unknown>> = [];

  constructor(public counter = 1) {
    if (counter < 0) throw new RangeError('semaphore initial value must be >= 0');
  }

  locked(): boolean {
    return this.counter <= 0;
  }

  /** Any context. Returns the new counter. */
  release(): number {
    this.counter++;
    this.waiters.shift()?.switchLater(undefined);
    return this.counter;
  }

  /**
   * Green thread only. Takes one unit, waiting for it unless `blocking` is false. Returns false if it could not
   * (non-blocking and none free, or the timeout passed).
   */
  acquire(options: { blocking?: boolean; timeout?: number } = {}): Green<boolean> {
    return Greenlet.made(this.acquireBody(options));
  }

  private *acquireBody(options: { blocking?: boolean; timeout?: number } = {}): Green<boolean> {
    Greenlet.ran();
    if (this.counter > 0) {
      this.counter--;
      return true;
    }
    if (options.blocking === false) return false;
    return yield* parkUntil(getHub(), this.waiters, () => this.counter > 0, () => void this.counter--, options.timeout);
  }

  /**
   * Green thread only. Waits until a unit could be acquired, without taking it, or until `timeout` seconds pass;
   * returns the counter then (gevent's Semaphore.wait).
   */
  wait(timeout?: number): Green<number> {
    return Greenlet.made(this.waitBody(timeout));
  }

  private *waitBody(timeout?: number): Green<number> {
    Greenlet.ran();
    if (this.counter <= 0) yield* parkUntil(getHub(), this.waiters, () => this.counter > 0, () => {}, timeout);
    return this.counter;
  }

  /** Green thread only. Runs `body` holding one unit. */
  withLock<R>(body: () => Green<R>): Green<R> {
    return Greenlet.made(this.withLockBody(body));
  }

  private *withLockBody<R>(body: () => Green<R>): Green<R> {
    Greenlet.ran();
    return yield* holding(this, body);
  }
}

/** @internal Semaphore and RLock: `body` run holding `lock`, released however it ends (Python's `with lock:`). */
export function* holding<R>(lock: { acquire(): Green<boolean>; release(): unknown }, body: () => Green<R>): Green<R> {
  yield* lock.acquire();
  try {
    return yield* body();
  } finally {
    lock.release();
  }
}

/** A Semaphore that refuses to be released more often than it was acquired. */
export class BoundedSemaphore extends Semaphore {
  private readonly initial: number;

  constructor(value = 1) {
    super(value);
    this.initial = value;
  }

  override release(): number {
    if (this.counter >= this.initial) throw new RangeError('Semaphore released too many times');
    return super.release();
  }
}

export class QueueEmpty extends Error {
  override name = 'Empty';
}

export class QueueFull extends Error {
  override name = 'Full';
}

/**
 * FIFO queue between greenlets (gevent.queue.Queue). A positive `maxsize` bounds it (put blocks while full); none,
 * 0 or a negative size mean unbounded, as in gevent since 1.1, and `maxsize` then reads undefined (gevent's None).
 */
export class Queue<T> {
  readonly maxsize: number | undefined;
  private items: T[] = [];
  private head = 0;
  private readonly getters: Array<Waiter<unknown>> = [];
  private readonly putters: Array<Waiter<unknown>> = [];

  constructor(maxsize?: number) {
    this.maxsize = maxsize !== undefined && maxsize > 0 ? maxsize : undefined;
  }

  qsize(): number {
    return this.items.length - this.head;
  }

  empty(): boolean {
    return this.qsize() === 0;
  }

  full(): boolean {
    return this.maxsize !== undefined && this.qsize() >= this.maxsize;
  }

  /** Green thread only (when it may block). Raises QueueFull if it could not put in time. */
  put(item: T, options: { block?: boolean; timeout?: number } = {}): Green<void> {
    return Greenlet.made(this.putBody(item, options));
  }

  private *putBody(item: T, options: { block?: boolean; timeout?: number } = {}): Green<void> {
    Greenlet.ran();
    if (!this.full()) return this.putNowait(item);
    if (options.block === false) throw new QueueFull();
    const ok = yield* parkUntil(getHub(), this.putters, () => !this.full(), () => this.push(item), options.timeout);
    if (!ok) throw new QueueFull();
  }

  /** Any context. */
  putNowait(item: T): void {
    if (this.full()) throw new QueueFull();
    this.push(item);
  }

  /** Green thread only (when it may block). Raises QueueEmpty if nothing arrived in time. */
  get(options: { block?: boolean; timeout?: number } = {}): Green<T> {
    return Greenlet.made(this.getBody(options));
  }

  private *getBody(options: { block?: boolean; timeout?: number } = {}): Green<T> {
    Greenlet.ran();
    if (!this.empty()) return this.getNowait();
    if (options.block === false) throw new QueueEmpty();
    let item: T | undefined;
    const ok = yield* parkUntil(getHub(), this.getters, () => !this.empty(), () => void (item = this.shift()), options.timeout);
    if (!ok) throw new QueueEmpty();
    return item as T;
  }

  /** Any context. */
  getNowait(): T {
    if (this.empty()) throw new QueueEmpty();
    return this.shift();
  }

  private push(item: T): void {
    this.items.push(item);
    this.getters.shift()?.switchLater(undefined);
  }

  private shift(): T {
    const item = this.items[this.head]!;
    this.items[this.head++] = undefined as T;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    this.putters.shift()?.switchLater(undefined);
    return item;
  }
}
