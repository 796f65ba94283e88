/**
 * The one thing a greenlet ever yields to the hub (gevent's `Waiter`): a single-use slot for a value or an error.
 *
 * A greenlet blocks with `yield* waiter.get()`, which yields the waiter itself to the hub; some wake source (a
 * socket event, a timer, another greenlet) calls `switch(value)` or `throw(err)`, and the waiter `deliver()`s the
 * result to the greenlet (`Greenlet.switch` / `Greenlet.throw`): at once when the wake-up comes from the hub itself,
 * as gevent's does, otherwise on the hub's run queue. A result that arrives before `get()` is kept and `get()`
 * returns it without blocking, which is what makes "register interest, then wait" race-free.
 *
 * Wake sources only ever *signal* through a waiter; the data itself (socket bytes, queue items) stays in its
 * owner until the woken greenlet takes it. A greenlet can be thrown out of its wait (kill, Timeout) after it was
 * signalled but before it ran, and a signal lost that way must not lose data.
 */
import { BlockingSwitchOutError, ConcurrentObjectUseError } from './exceptions.ts';
import type { Greenlet } from './greenlet.ts';
import type { Hub } from './hub.ts';

/** What a blocking call returns: a generator to run with `yield*` from inside a greenlet. */
export type Green<T = void> = Generator<Waiter<unknown>, T, unknown>;

const EMPTY = 0;
const VALUE = 1;
const ERROR = 2;

export class Waiter<T = unknown> {
  /** The greenlet that last called get(); it is resumed only while it is still parked here. */
  private greenlet: Greenlet<unknown> | undefined;
  private state: 0 | 1 | 2 = EMPTY;
  private result: unknown;

  constructor(readonly hub: Hub) {}

  /** True when a result is waiting to be picked up. */
  ready(): boolean {
    return this.state !== EMPTY;
  }

  /**
   * Any context. Delivers `value` to the parked greenlet: from the hub (a hub callback, a timer), at once, the
   * greenlet running to its next blocking call before switch() returns, as gevent's Waiter.switch does; from a
   * greenlet or plain Node code, on the hub's run queue. With nobody parked, keeps it for a later get(). The first
   * result wins: later ones are dropped until the first is consumed.
   */
  switch(value: T): void {
    if (this.state !== EMPTY) return;
    this.state = VALUE;
    this.result = value;
    this.wake(this.hub.switchesNow());
  }

  /**
   * Any context. Like switch(), but always through the hub's run queue, behind what is queued already: how gevent's
   * locks and queues wake a waiter (their notifier is a hub callback), whoever releases them.
   */
  switchLater(value: T): void {
    if (this.state !== EMPTY) return;
    this.state = VALUE;
    this.result = value;
    this.wake(false);
  }

  /** Any context. Like switch(), but get() raises `err`. */
  throw(err: unknown): void {
    if (this.state !== EMPTY) return;
    this.state = ERROR;
    this.result = err;
    this.wake(this.hub.switchesNow());
  }

  /** Green thread only. Blocks until a result arrives and returns (or raises) it. */
  *get(): Green<T> {
    if (this.state !== EMPTY) return this.take();
    const current = this.hub.getCurrent();
    if (current === undefined) throw new BlockingSwitchOutError('blocking call outside a greenlet (use yield* from a greenlet)');
    if (this.greenlet !== undefined && this.greenlet !== current && this.greenlet.isParkedOn(this)) {
      throw new ConcurrentObjectUseError(`this waiter is already used by ${String(this.greenlet)}`);
    }
    this.greenlet = current;
    return (yield this) as T;
  }

  /**
   * @internal Hub only (its run queue): hands the result to the greenlet parked here. A greenlet thrown out of this
   * wait meanwhile (kill, Timeout) is not resumed by the stale signal, which is dropped.
   */
  deliver(): void {
    const g = this.greenlet;
    if (g === undefined || !g.isParkedOn(this) || this.state === EMPTY) return;
    const isError = this.state === ERROR;
    const value = this.result;
    this.state = EMPTY;
    this.result = undefined;
    if (isError) g.throw(value);
    else g.switch(value);
  }

  /** Empties the slot and hands back what was in it. */
  private take(): T {
    const { state, result } = this;
    this.state = EMPTY;
    this.result = undefined;
    if (state === ERROR) throw result;
    return result as T;
  }

  private wake(now: boolean): void {
    const g = this.greenlet;
    if (g === undefined || !g.isParkedOn(this)) return;
    if (now) this.deliver();
    else this.hub.schedule(this);
  }
}

/** A blocking call that returns at once: what kill() and killall() hand back when told not to wait. */
export function* noWait(): Green<void> {}

/** Marks a wait that ended because its deadline passed (see waitFor). */
export const TIMED_OUT: unique symbol = Symbol('timed out');

/**
 * Green thread only. Waits on `waiter` for at most `timeout` seconds (forever when undefined); returns TIMED_OUT if
 * the deadline passed first. Cheaper than a Timeout for internal waits that report expiry as a value.
 */
export function* waitFor<T>(waiter: Waiter<T | typeof TIMED_OUT>, timeout: number | undefined): Green<T | typeof TIMED_OUT> {
  if (timeout === undefined) return yield* waiter.get();
  const timer = waiter.hub.timer(timeout, () => waiter.switch(TIMED_OUT));
  try {
    return yield* waiter.get();
  } finally {
    timer.cancel();
  }
}
