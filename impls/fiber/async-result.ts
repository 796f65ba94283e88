/**
 * AsyncResult (gevent.event.AsyncResult): a one-time event that carries a value or an exception. Greenlets that
 * get() it wait until it is set, then receive the value or have the exception raised in them; it can be waited on
 * with wait()/joinall like a greenlet. What the hub's threadpool hands back from spawn().
 */
import { Greenlet } from './greenlet.ts';
import { Event } from './sync.ts';
import { Timeout } from './timeout.ts';
import type { Green } from './waiter.ts';

type Outcome<T> = { value: T } | { error: unknown };

export class AsyncResult<T = unknown> {
  private outcome: Outcome<T> | undefined;
  private readonly done = new Event();
  /** rawlink callbacks as the Event sees them, so unlink finds them. */
  private readonly links = new Map<(r: AsyncResult<T>) => void, () => void>();

  /** Any context. Stores `value` and wakes every greenlet waiting (on the hub's next turn). */
  set(value: T): void {
    this.outcome = { value };
    this.done.set();
  }

  /** Any context. Stores `error`, to be raised in every greenlet that get()s it, and wakes the waiting ones. */
  setException(error: unknown): void {
    this.outcome = { error };
    this.done.set();
  }

  /** Holds a value or an exception. */
  ready(): boolean {
    return this.outcome !== undefined;
  }

  /** Holds a value. */
  successful(): boolean {
    return this.outcome !== undefined && 'value' in this.outcome;
  }

  /** The value set, or undefined (gevent's None) while it holds none. */
  get value(): T | undefined {
    return this.outcome !== undefined && 'value' in this.outcome ? this.outcome.value : undefined;
  }

  /** The exception set, or undefined. */
  get exception(): unknown {
    return this.outcome !== undefined && 'error' in this.outcome ? this.outcome.error : undefined;
  }

  /**
   * Green thread only. The value, or the exception raised here; waits for one unless `block` is false, and raises a
   * Timeout if none came in time (at once, without blocking).
   */
  get(options: { block?: boolean; timeout?: number } = {}): Green<T> {
    return Greenlet.made(this.getBody(options));
  }

  private *getBody(options: { block?: boolean; timeout?: number }): Green<T> {
    Greenlet.ran();
    if (this.outcome === undefined) {
      if (options.block === false) throw new Timeout();
      yield* this.done.wait(options.timeout);
    }
    if (this.outcome === undefined) throw new Timeout(options.timeout);
    if ('error' in this.outcome) throw this.outcome.error;
    return this.outcome.value;
  }

  /** Any context. get() without blocking: raises a Timeout if it is not ready. */
  getNowait(): T {
    if (this.outcome === undefined) throw new Timeout();
    if ('error' in this.outcome) throw this.outcome.error;
    return this.outcome.value;
  }

  /**
   * Green thread only. Waits until it is ready or `timeout` seconds pass; returns the value, or undefined for an
   * exception or a timeout (nothing is raised).
   */
  wait(timeout?: number): Green<T | undefined> {
    return Greenlet.made(this.waitBody(timeout));
  }

  private *waitBody(timeout?: number): Green<T | undefined> {
    Greenlet.ran();
    if (this.outcome === undefined) yield* this.done.wait(timeout);
    return this.value;
  }

  /** Any context. `cb(this)` in the hub once it is ready (at once if it is); for wait() and joinall(). */
  rawlink(cb: (r: AsyncResult<T>) => void): void {
    const wrapped = (): void => {
      this.links.delete(cb);
      cb(this);
    };
    this.links.set(cb, wrapped);
    this.done.rawlink(wrapped);
  }

  unlink(cb: (r: AsyncResult<T>) => void): void {
    const wrapped = this.links.get(cb);
    if (wrapped === undefined) return;
    this.links.delete(cb);
    this.done.unlink(wrapped);
  }
}
