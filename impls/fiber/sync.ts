/**
 * Synchronisation between greenlets (gevent.event.Event, gevent.lock.Semaphore / BoundedSemaphore,
 * gevent.queue.Queue).
 *
 * Waiters here are only told "look again"; the state (the flag, the counter, the items) is re-checked by the woken
 * greenlet. A greenlet can be woken and then killed or timed out before it runs, and a design that handed it the
 * item would lose that item; this one at worst passes the wake-up on to the next waiter.
 */
import { getHub, type Hub } from './hub.ts';
import { Waiter, waitFor, type Green } from './waiter.ts';

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
    if (available()) queue.shift()?.switch(undefined);
  }
}

/** A flag greenlets can wait on. set() wakes every waiter (on the hub's next turn); clear() resets it. */
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

  /** Green thread only. Waits until set or until `timeout` seconds pass; returns the flag. */
  *wait(timeout?: number): Green<boolean> {
    if (this.flag) return true;
    const hub = (this.hub ??= getHub());
    const w = new Waiter<unknown>(hub);
    const wake = (): void => w.switch(undefined);
    this.rawlink(wake);
    try {
      yield* waitFor(w, timeout);
    } finally {
      this.unlink(wake);
    }
    return this.flag;
  }

  /** Any context. `cb(this)` is called in the hub each time the event is set while linked. */
  rawlink(cb: (e: Event) => void): void {
    this.links.push(cb);
    if (this.flag) this.scheduleNotify();
  }

  unlink(cb: (e: Event) => void): void {
    const i = this.links.indexOf(cb);
    if (i >= 0) this.links.splice(i, 1);
  }

  private scheduleNotify(): void {
    if (this.notifyPending || this.links.length === 0) return;
    this.notifyPending = true;
    const hub = (this.hub ??= getHub());
    hub.callback(() => {
      this.notifyPending = false;
      if (!this.flag) return; // cleared again before the hub got to it
      for (const cb of [...this.links]) {
        if (!this.links.includes(cb)) continue;
        try {
          cb(this);
        } catch (err) {
          hub.handleError('<Event link>', err);
        }
      }
    });
  }
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
    this.waiters.shift()?.switch(undefined);
    return this.counter;
  }

  /**
   * Green thread only. Takes one unit, waiting for it unless `blocking` is false. Returns false if it could not
   * (non-blocking and none free, or the timeout passed).
   */
  *acquire(options: { blocking?: boolean; timeout?: number } = {}): Green<boolean> {
    if (this.counter > 0) {
      this.counter--;
      return true;
    }
    if (options.blocking === false) return false;
    return yield* parkUntil(getHub(), this.waiters, () => this.counter > 0, () => void this.counter--, options.timeout);
  }

  /** Green thread only. Runs `body` holding one unit. */
  *withLock<R>(body: () => Green<R>): Green<R> {
    yield* this.acquire();
    try {
      return yield* body();
    } finally {
      this.release();
    }
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
    if (this.counter >= this.initial) throw new RangeError('BoundedSemaphore released too many times');
    return super.release();
  }
}

export class QueueEmpty extends Error {
  override name = 'Empty';
}

export class QueueFull extends Error {
  override name = 'Full';
}

/** FIFO queue between greenlets; `maxsize` bounds it (put blocks when full). */
export class Queue<T> {
  private items: T[] = [];
  private head = 0;
  private readonly getters: Array<Waiter<unknown>> = [];
  private readonly putters: Array<Waiter<unknown>> = [];

  constructor(readonly maxsize = Infinity) {}

  qsize(): number {
    return this.items.length - this.head;
  }

  empty(): boolean {
    return this.qsize() === 0;
  }

  full(): boolean {
    return this.qsize() >= this.maxsize;
  }

  /** Green thread only (when it may block). Raises QueueFull if it could not put in time. */
  *put(item: T, options: { block?: boolean; timeout?: number } = {}): Green<void> {
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
  *get(options: { block?: boolean; timeout?: number } = {}): Green<T> {
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
    this.getters.shift()?.switch(undefined);
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
    this.putters.shift()?.switch(undefined);
    return item;
  }
}
