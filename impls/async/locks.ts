/**
 * Synchronisation primitives (asyncio.Lock, Event, Semaphore, BoundedSemaphore), with asyncio 3.12's algorithms.
 *
 * Waiters queue in FIFO order. Releasing wakes the first waiter (a Semaphore reserves the slot for it); the woken
 * waiter takes the resource when it runs. A waiter cancelled while queued just leaves the line; one cancelled after
 * it was woken but before it ran gives its turn to the next waiter and its acquire() throws CancelledError, as in
 * asyncio, where the cancellation is thrown in at that same await.
 */
import { CancelledError, RuntimeError, ValueError } from './errors.ts';
import { takePendingCancel } from './current.ts';
import { WaitQueue, type QueueWaiter } from './wait-queue.ts';

const RESOLVED_TRUE = Promise.resolve(true as const);

/** A library await that completes without blocking: it still delivers a pending cancellation first. */
function ready(): Promise<true> {
  const pending = takePendingCancel();
  return pending ? Promise.reject(pending) : RESOLVED_TRUE;
}

/**
 * Waits for `waiter` to be woken. A cancellation that reached the task after the wake-up but before this await
 * resumed is thrown here, as asyncio throws it into the coroutine at this await.
 */
async function wokenUp<T>(waiter: QueueWaiter<T>): Promise<T> {
  const value = await waiter.promise;
  const pending = takePendingCancel();
  if (pending) throw pending;
  return value;
}

/**
 * What Lock and Semaphore share: the fast path (take it now if nobody waits), the line of waiters, and hold().
 * Subclasses say when the resource can be taken, how, and what a waiter's cancellation or wake-up means for it.
 */
abstract class Acquirable {
  protected readonly waiters = new WaitQueue<true>();

  /** True when acquire() would wait. */
  abstract locked(): boolean;

  abstract release(): void;

  acquire(): Promise<true> {
    if (!this.canTakeNow()) return this.acquireSlowly();
    // Check for a pending cancellation before taking it, so a cancelled acquirer never holds it.
    const pending = takePendingCancel();
    if (pending) return Promise.reject(pending);
    this.take();
    return RESOLVED_TRUE;
  }

  /** acquire / run / release: the `async with lock:` of this layer. */
  async hold<T>(fn: () => PromiseLike<T> | T): Promise<T> {
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  /** Whether acquire() can take the resource without queueing. */
  protected abstract canTakeNow(): boolean;

  /** Takes the resource on the fast path. */
  protected abstract take(): void;

  /** A waiter was cancelled, in line or after it was woken (`waiter.woken`); it has left the line. */
  protected abstract cancelledInLine(waiter: QueueWaiter<true>): void;

  /** A woken waiter runs and has left the line: it takes the resource. */
  protected abstract wokenAndRunning(): void;

  private async acquireSlowly(): Promise<true> {
    const waiter = this.waiters.join();
    try {
      try {
        await wokenUp(waiter);
      } finally {
        this.waiters.remove(waiter);
      }
    } catch (err) {
      if (err instanceof CancelledError) this.cancelledInLine(waiter);
      throw err;
    }
    this.wokenAndRunning();
    return true;
  }
}

export class Semaphore extends Acquirable {
  private value: number;

  constructor(value = 1) {
    super();
    if (!Number.isInteger(value) || value < 0) throw new ValueError(`Semaphore initial value must be a whole number >= 0, got ${value}`);
    this.value = value;
  }

  locked(): boolean {
    return this.value === 0 || this.waiters.size > 0;
  }

  release(): void {
    this.value++;
    this.wakeUpNext();
  }

  /** @internal BoundedSemaphore: the slots free now. */
  protected available(): number {
    return this.value;
  }

  protected canTakeNow(): boolean {
    return !this.locked();
  }

  protected take(): void {
    this.value--;
  }

  protected cancelledInLine(waiter: QueueWaiter<true>): void {
    if (!waiter.woken) return;
    // Woken (the slot was reserved for it) but cancelled before it ran: hand the slot on.
    this.value++;
    this.wakeUpNext();
  }

  protected wokenAndRunning(): void {
    if (this.value > 0) this.wakeUpNext();
  }

  /** Reserves a slot for the first waiter not woken yet, and wakes it. */
  private wakeUpNext(): void {
    const next = this.waiters.firstWaiting();
    if (!next) return;
    this.value--;
    next.wake(true);
  }
}

/** A Semaphore that refuses (ValueError) to be released more often than acquired. */
export class BoundedSemaphore extends Semaphore {
  private readonly bound: number;

  constructor(value = 1) {
    super(value);
    this.bound = value;
  }

  override release(): void {
    if (this.available() >= this.bound) throw new ValueError('BoundedSemaphore released too many times');
    super.release();
  }
}

export class Lock extends Acquirable {
  private isLocked = false;

  locked(): boolean {
    return this.isLocked;
  }

  /** Unlocks at once and wakes the first waiter, which locks it again when it runs. RuntimeError if not locked. */
  release(): void {
    if (!this.isLocked) throw new RuntimeError('Lock is not acquired');
    this.isLocked = false;
    this.wakeUpFirst();
  }

  /** Free and nobody in line: a woken waiter still in line keeps newcomers from jumping ahead of it. */
  protected canTakeNow(): boolean {
    return !this.isLocked && this.waiters.size === 0;
  }

  protected take(): void {
    this.isLocked = true;
  }

  protected cancelledInLine(): void {
    if (!this.isLocked) this.wakeUpFirst();
  }

  protected wokenAndRunning(): void {
    this.isLocked = true;
  }

  private wakeUpFirst(): void {
    const first = this.waiters.first();
    if (first && !first.woken) first.wake(true);
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
    for (let node = this.waiters.shift(); node; node = this.waiters.shift()) node.wake(true);
  }

  clear(): void {
    this.flag = false;
  }

  wait(): Promise<true> {
    if (this.flag) return ready();
    try {
      return wokenUp(this.waiters.join());
    } catch (err) {
      return Promise.reject(err);
    }
  }
}
