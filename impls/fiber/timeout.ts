/**
 * Timeout (gevent.Timeout): a deadline that raises itself inside the greenlet that started it, at the point where
 * that greenlet is blocked when the time comes. Code that cares catches it by identity, so nested timeouts don't
 * confuse each other:
 *
 *     const t = Timeout.startNew(0.5);
 *     try { data = yield* sock.recv(4096); }
 *     catch (err) { if (err !== t) throw err; ... }
 *     finally { t.cancel(); }
 *
 * `withTimeout` wraps that scope. A Timeout that fires while its greenlet is running cannot interrupt it (nothing
 * preempts a greenlet): it lands at the greenlet's next blocking call.
 */
import { Greenlet } from './greenlet.ts';
import { BlockingSwitchOutError } from './exceptions.ts';
import { getHub } from './hub.ts';
import type { TimerHandle } from './timers.ts';
import type { Green } from './waiter.ts';

/**
 * A Timeout is raised far from where it was made (at whatever the greenlet was blocked on), so a creation stack
 * would mislead, and capturing one costs more than all the rest of a request's timeout bookkeeping. Timeouts are
 * therefore made without one: Error's constructor captures nothing while the limit is 0.
 */
let savedStackTraceLimit = Error.stackTraceLimit;
function withoutStack(message: string): string {
  savedStackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  return message;
}

export class Timeout extends Error {
  override name = 'Timeout';
  private timer: TimerHandle | undefined;

  /**
   * @param seconds after how long; undefined means never (a scope that never fires, handy for optional deadlines).
   * @param exception raised instead of this Timeout when it fires.
   */
  constructor(
    readonly seconds?: number,
    readonly exception?: unknown,
  ) {
    super(withoutStack(seconds === undefined ? '' : `${seconds} second${seconds === 1 ? '' : 's'}`));
    Error.stackTraceLimit = savedStackTraceLimit;
  }

  /** Green thread only (it targets the calling greenlet). Arms the deadline. */
  start(): this {
    if (this.timer !== undefined) throw new Error('this Timeout is already started; cancel it first');
    if (this.seconds === undefined) return this;
    const hub = getHub();
    const target = hub.getCurrent();
    if (target === undefined) throw new BlockingSwitchOutError('Timeout.start() outside a greenlet');
    this.timer = hub.timer(this.seconds, () => {
      this.timer = undefined;
      target.throw(this.exception ?? this);
    });
    return this;
  }

  /** Green thread only. A new, started Timeout. */
  static startNew(seconds?: number, exception?: unknown): Timeout {
    return new Timeout(seconds, exception).start();
  }

  /** True while started and not yet fired or cancelled. */
  get pending(): boolean {
    return this.timer !== undefined;
  }

  /** Any context. Disarms it; a fired or never-started Timeout is left as is. */
  cancel(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }
}

/**
 * Green thread only. Runs `body` under a Timeout of `seconds`. On expiry it raises the Timeout, or returns
 * `options.timeoutValue` when one is given (gevent.with_timeout).
 */
export function withTimeout<R>(seconds: number | undefined, body: () => Green<R>): Green<R>;
export function withTimeout<R, D>(seconds: number | undefined, body: () => Green<R>, options: { timeoutValue: D }): Green<R | D>;
export function withTimeout<R, D>(seconds: number | undefined, body: () => Green<R>, options?: { timeoutValue: D }): Green<R | D> {
  return Greenlet.made(withTimeoutBody(seconds, body, options));
}

function* withTimeoutBody<R, D>(seconds: number | undefined, body: () => Green<R>, options?: { timeoutValue: D }): Green<R | D> {
  Greenlet.ran();
  const t = Timeout.startNew(seconds);
  try {
    return yield* body();
  } catch (err) {
    if (err === t && options !== undefined) return options.timeoutValue;
    throw err;
  } finally {
    t.cancel();
  }
}
