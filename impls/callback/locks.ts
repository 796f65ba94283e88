/**
 * Tornado 5.1's tornado.locks Semaphore, BoundedSemaphore and Lock, for callback code: `acquire()` returns a Future,
 * done at once when the lock (or a unit of the semaphore) is free, otherwise completed by a later `release()`; the
 * callback style waits on it with `IOLoop.addFuture(lock.acquire(), holder)`, and the holder calls `release()`.
 *
 * As Tornado's:
 * - waiters get the lock one at a time, first come first served; a waiter whose Future was cancelled is skipped;
 * - releasing an unlocked Lock throws RuntimeError; a BoundedSemaphore released past its initial value throws
 *   ValueError; a Semaphore may not start below zero (ValueError).
 * Unlike Tornado's: `acquire()` takes no timeout, and its Future's result is undefined (Tornado's is a context manager
 * for `with (yield lock.acquire()):`, which callback code has no use for).
 */
import { Future } from './concurrent.ts';
import { RuntimeError, ValueError } from './exceptions.ts';

export class Semaphore {
  protected value: number;
  private readonly waiters: Array<Future<void>> = [];
  private waitersHead = 0;

  constructor(value = 1) {
    if (value < 0) throw new ValueError('semaphore initial value must be >= 0');
    this.value = value;
  }

  /** A Future done once this caller holds a unit: at once if one is free, else at a later release(), in turn. */
  acquire(): Future<void> {
    const waiter = new Future<void>();
    if (this.value > 0) {
      this.value -= 1;
      waiter.setResult(undefined);
    } else {
      this.waiters.push(waiter);
    }
    return waiter;
  }

  /** Gives a unit back, to the first waiter still waiting if there is one. */
  release(): void {
    this.value += 1;
    while (this.waitersHead < this.waiters.length) {
      const waiter = this.waiters[this.waitersHead++]!;
      if (!waiter.done()) {
        this.value -= 1;
        waiter.setResult(undefined);
        break;
      }
    }
    if (this.waitersHead === this.waiters.length) {
      this.waiters.length = 0;
      this.waitersHead = 0;
    }
  }

  /** Whether an acquire() now would have to wait. */
  locked(): boolean {
    return this.value === 0;
  }
}

export class BoundedSemaphore extends Semaphore {
  private readonly initialValue: number;

  constructor(value = 1) {
    super(value);
    this.initialValue = value;
  }

  override release(): void {
    if (this.value >= this.initialValue) throw new ValueError('Semaphore released too many times');
    super.release();
  }
}

export class Lock {
  private readonly block = new BoundedSemaphore(1);

  /** A Future done once this caller holds the lock. */
  acquire(): Future<void> {
    return this.block.acquire();
  }

  /** Unlocks, handing the lock to the first waiter still waiting. Throws RuntimeError if it is not locked. */
  release(): void {
    try {
      this.block.release();
    } catch (err) {
      if (err instanceof ValueError) throw new RuntimeError('release unlocked lock');
      throw err;
    }
  }

  locked(): boolean {
    return this.block.locked();
  }
}
