/**
 * Synchronisation primitives (asyncio.Lock, Event, Semaphore, BoundedSemaphore, Queue).
 *
 * Waiters queue in FIFO order and are handed the resource directly on release (the slot, the item), so a woken
 * waiter never has to compete again. A waiter cancelled while queued just leaves the queue; one cancelled after it
 * was handed the resource keeps it and sees the CancelledError at its next library await, so nothing leaks.
 */
import { QueueEmpty, QueueFull } from './errors.ts';
import { currentContext, takePendingCancel } from './current.ts';
import { Waiter } from './waiter.ts';

/** A waiter that is also its own node in a WaitQueue, so queueing up allocates nothing else. */
class QueueWaiter<T> extends Waiter<T> {
  prev: QueueWaiter<T> | undefined = undefined;
  next: QueueWaiter<T> | undefined = undefined;
  queued = false;
  readonly queue: WaitQueue<T>;

  constructor(context: ReturnType<typeof currentContext>, queue: WaitQueue<T>) {
    super(context);
    this.queue = queue;
  }

  protected override abandon(): void {
    this.queue.remove(this);
  }
}

/** A put() waiting for room in a bounded Queue, with its item. */
class PutWaiter<T> extends QueueWaiter<void> {
  constructor(context: ReturnType<typeof currentContext>, queue: WaitQueue<void>, readonly item: T) {
    super(context, queue);
  }
}

/** FIFO of waiters with O(1) removal, for the waiter that is cancelled in the middle of the line. */
class WaitQueue<T> {
  private head: QueueWaiter<T> | undefined;
  private tail: QueueWaiter<T> | undefined;
  size = 0;

  push<W extends QueueWaiter<T>>(node: W): W {
    node.prev = this.tail;
    node.next = undefined;
    node.queued = true;
    if (this.tail) this.tail.next = node;
    else this.head = node;
    this.tail = node;
    this.size++;
    return node;
  }

  shift(): QueueWaiter<T> | undefined {
    const node = this.head;
    if (!node) return undefined;
    this.remove(node);
    return node;
  }

  remove(node: QueueWaiter<T>): void {
    if (!node.queued) return;
    node.queued = false;
    if (node.prev) node.prev.next = node.next;
    else this.head = node.next;
    if (node.next) node.next.prev = node.prev;
    else this.tail = node.prev;
    node.prev = node.next = undefined;
    this.size--;
  }
}

const RESOLVED_TRUE = Promise.resolve(true as const);

/** A library await that completes without blocking: it still delivers a pending cancellation first. */
function ready(): Promise<true> {
  const pending = takePendingCancel();
  return pending ? Promise.reject(pending) : RESOLVED_TRUE;
}

/** Waits in `queue` until handed a value; leaves the queue if cancelled first. */
function queueUp<T>(queue: WaitQueue<T>): Promise<T> {
  const context = currentContext();
  const pending = context?.takePendingCancel();
  if (pending) return Promise.reject(pending);
  return queue.push(new QueueWaiter<T>(context, queue)).promise;
}

export class Semaphore {
  private value: number;
  private readonly waiters = new WaitQueue<true>();

  constructor(value = 1) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`Semaphore initial value must be a whole number >= 0, got ${value}`);
    this.value = value;
  }

  /** True when acquire() would wait. */
  locked(): boolean {
    return this.value === 0 || this.waiters.size > 0;
  }

  acquire(): Promise<true> {
    if (this.locked()) return queueUp(this.waiters);
    // Check for a pending cancellation before taking the slot, so a cancelled acquirer never holds it.
    const pending = takePendingCancel();
    if (pending) return Promise.reject(pending);
    this.value--;
    return RESOLVED_TRUE;
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) next.resume(true);
    else this.value++;
  }

  /** acquire / run / release: the `async with semaphore:` of this layer. */
  async hold<T>(fn: () => PromiseLike<T> | T): Promise<T> {
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }
}

/** A Semaphore that refuses to be released more often than acquired. */
export class BoundedSemaphore extends Semaphore {
  private available: number;
  private readonly bound: number;

  constructor(value = 1) {
    super(value);
    this.available = value;
    this.bound = value;
  }

  override async acquire(): Promise<true> {
    await super.acquire();
    this.available--;
    return true;
  }

  override release(): void {
    if (this.available >= this.bound) throw new RangeError('BoundedSemaphore released too many times');
    this.available++;
    super.release();
  }
}

export class Lock {
  private readonly slot = new BoundedSemaphore(1);

  locked(): boolean {
    return this.slot.locked();
  }

  acquire(): Promise<true> {
    return this.slot.acquire();
  }

  release(): void {
    if (!this.slot.locked()) throw new Error('Lock is not acquired');
    this.slot.release();
  }

  hold<T>(fn: () => PromiseLike<T> | T): Promise<T> {
    return this.slot.hold(fn);
  }
}

export class Event {
  private flag = false;
  private readonly waiters = new WaitQueue<true>();

  isSet(): boolean {
    return this.flag;
  }

  /** Wakes every waiter; later wait() calls return at once until clear(). Callable from anywhere. */
  set(): void {
    if (this.flag) return;
    this.flag = true;
    for (let wake = this.waiters.shift(); wake; wake = this.waiters.shift()) wake.resume(true);
  }

  clear(): void {
    this.flag = false;
  }

  wait(): Promise<true> {
    return this.flag ? ready() : queueUp(this.waiters);
  }
}

/** asyncio.Queue: FIFO with an optional bound, plus taskDone()/join() accounting. */
export class Queue<T> {
  readonly maxsize: number;
  private items: T[] = [];
  private head = 0; // items before this index are consumed; compacted now and then instead of shift()ing
  private readonly getters = new WaitQueue<T>();
  private readonly putters = new WaitQueue<void>();
  private unfinished = 0;
  private readonly allDone = new Event();

  /** `maxsize` <= 0 means unbounded. */
  constructor(maxsize = 0) {
    this.maxsize = maxsize;
    this.allDone.set();
  }

  qsize(): number {
    return this.items.length - this.head;
  }

  empty(): boolean {
    return this.qsize() === 0;
  }

  full(): boolean {
    return this.maxsize > 0 && this.qsize() >= this.maxsize;
  }

  putNowait(item: T): void {
    if (this.full()) throw new QueueFull('queue is full');
    this.enqueue(item);
  }

  put(item: T): Promise<void> {
    if (!this.full()) {
      const pending = takePendingCancel();
      if (pending) return Promise.reject(pending);
      this.enqueue(item);
      return Promise.resolve();
    }
    const context = currentContext();
    const pending = context?.takePendingCancel();
    if (pending) return Promise.reject(pending);
    return this.putters.push(new PutWaiter<T>(context, this.putters, item)).promise;
  }

  getNowait(): T {
    if (this.empty()) throw new QueueEmpty('queue is empty');
    const item = this.items[this.head]!;
    this.items[this.head++] = undefined as T; // drop the reference for the GC
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    this.admitPutter();
    return item;
  }

  get(): Promise<T> {
    if (this.empty()) return queueUp(this.getters);
    const pending = takePendingCancel(); // before taking the item, so a cancelled getter loses nothing
    if (pending) return Promise.reject(pending);
    return Promise.resolve(this.getNowait());
  }

  /** Marks one item taken with get() as processed. */
  taskDone(): void {
    if (this.unfinished <= 0) throw new RangeError('taskDone() called too many times');
    if (--this.unfinished === 0) this.allDone.set();
  }

  /** Waits until every item put has been marked done with taskDone(). */
  join(): Promise<true> {
    return this.allDone.wait();
  }

  private enqueue(item: T): void {
    this.unfinished++;
    this.allDone.clear();
    const getter = this.getters.shift();
    if (getter) getter.resume(item);
    else this.items.push(item);
  }

  private admitPutter(): void {
    if (this.full()) return;
    const putter = this.putters.shift() as PutWaiter<T> | undefined;
    if (!putter) return;
    this.enqueue(putter.item);
    putter.resume(undefined);
  }
}
