/**
 * RLock (gevent.lock.RLock): a lock the greenlet holding it may acquire again; each acquire needs its release, and
 * only the holder may release it. Its waiters queue on a Semaphore, in order.
 */
import { RuntimeError } from './exceptions.ts';
import { Greenlet, getCurrent } from './greenlet.ts';
import { pyRepr } from './repr.ts';
import { holding, Semaphore } from './sync.ts';
import type { Green } from './waiter.ts';

export class RLock {
  private readonly block = new Semaphore(1);
  private owner: Greenlet<unknown> | undefined;
  private count = 0;

  /**
   * Green thread only. Takes the lock, or counts one more hold if this greenlet has it already; waits for it unless
   * `blocking` is false. False if it could not (non-blocking and held elsewhere, or the timeout passed).
   */
  acquire(options: { blocking?: boolean; timeout?: number } = {}): Green<boolean> {
    return Greenlet.made(this.acquireBody(options));
  }

  private *acquireBody(options: { blocking?: boolean; timeout?: number }): Green<boolean> {
    Greenlet.ran();
    const me = getCurrent();
    if (me !== undefined && this.owner === me) {
      this.count++;
      return true;
    }
    const acquired = yield* this.block.acquire(options);
    if (acquired) {
      this.owner = me;
      this.count = 1;
    }
    return acquired;
  }

  /** Any context. Gives up one hold; the last one frees the lock. RuntimeError unless the caller holds it. */
  release(): void {
    const me = getCurrent();
    if (this.owner !== me || this.count === 0) {
      throw new RuntimeError(`cannot release un-acquired lock. Owner: ${pyRepr(this.owner)} Current: ${pyRepr(me)}`);
    }
    if (--this.count === 0) {
      this.owner = undefined;
      this.block.release();
    }
  }

  /** Green thread only. Runs `body` holding the lock (Python's `with lock:`). */
  withLock<R>(body: () => Green<R>): Green<R> {
    return Greenlet.made(this.withLockBody(body));
  }

  private *withLockBody<R>(body: () => Green<R>): Green<R> {
    Greenlet.ran();
    return yield* holding(this, body);
  }
}
