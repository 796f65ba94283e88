/**
 * The timeout() scope (asyncio.timeout, asyncio.timeout_at).
 *
 * A timeout scope works the asyncio 3.12 way: when the deadline passes it cancels the task running the scope, and on
 * the way out turns that CancelledError, and only that one, into a TimeoutError. A cancellation that came from
 * elsewhere (`cancelling()` went up by more than the scope's own request) propagates untouched. Nested scopes follow
 * from that: the scope whose deadline passed is the one that turns the cancellation into TimeoutError; an inner
 * scope whose deadline did not pass lets the CancelledError through to it.
 */
import { CancelledError, RuntimeError, TimeoutError } from './errors.ts';
import { currentTask } from './current.ts';
import { callSoon } from './ready-queue.ts';
import { loopTime, secondsToMs } from './seconds.ts';
import { Task } from './task.ts';
import { callLater, type TimerHandle } from './timers.ts';

type ScopeState = 'active' | 'expiring' | 'expired' | 'finished';

/** The handle of a deadline that is already past: it fires from the ready queue, as asyncio's call_soon. */
class SoonHandle implements TimerHandle {
  cancelled = false;

  cancel(): void {
    this.cancelled = true;
  }
}

/** The handle a timeout() body gets: inspect or move the deadline. */
export class Timeout {
  private state: ScopeState = 'active';
  private deadline: number | undefined;
  private timer: TimerHandle | undefined;
  private readonly task: Task<unknown>;
  private readonly cancellingAtEntry: number;

  /** @internal Use timeout() or timeoutAt(). */
  constructor(task: Task<unknown>, when: number | undefined) {
    this.task = task;
    this.cancellingAtEntry = task.cancelling();
    this.reschedule(when);
  }

  /** The deadline on the loopTime() clock (seconds), or undefined for none. */
  when(): number | undefined {
    return this.deadline;
  }

  /** Moves the deadline to `when`, a time on the loopTime() clock (undefined: no deadline), as asyncio's does. */
  reschedule(when: number | undefined): void {
    if (this.state !== 'active') throw new RuntimeError(`Cannot change state of ${this.state} Timeout`);
    this.timer?.cancel();
    this.timer = undefined;
    this.deadline = when;
    if (when === undefined) return;
    const delayMs = secondsToMs(when - loopTime(), 'Timeout.reschedule()');
    if (delayMs > 0) {
      this.timer = callLater(delayMs, Timeout.expire, this);
    } else {
      const soon = new SoonHandle();
      this.timer = soon;
      callSoon(Timeout.expireSoon, this, soon);
    }
  }

  /** Whether the deadline passed and the scope cancelled its task. */
  expired(): boolean {
    return this.state === 'expiring' || this.state === 'expired';
  }

  /** @internal Leaves the scope; returns what the scope should throw (the same error, or a TimeoutError). */
  exit(failed: boolean, error: unknown): unknown {
    this.timer?.cancel();
    this.timer = undefined;
    if (this.state !== 'expiring') {
      this.state = 'finished';
      return error;
    }
    this.state = 'expired';
    // Withdraw our own request; if nobody else asked for a cancellation, the CancelledError was ours.
    if (this.task.uncancel() <= this.cancellingAtEntry && failed && error instanceof CancelledError) {
      return new TimeoutError('the timeout() deadline passed', { cause: error });
    }
    return error;
  }

  private static expireSoon(scope: Timeout, handle: SoonHandle): void {
    if (!handle.cancelled) Timeout.expire(scope);
  }

  private static expire(scope: Timeout): void {
    scope.timer = undefined;
    scope.state = 'expiring';
    scope.task.cancel();
  }
}

/**
 * Runs `body` with a deadline `delay` seconds from now (undefined: none): asyncio's `async with timeout(delay)`.
 * On expiry the body is cancelled at its pending library await and the scope throws TimeoutError once the body has
 * unwound. Outside a task, it runs in a new one.
 */
export function timeout<T>(delay: number | undefined, body: (scope: Timeout) => PromiseLike<T> | T): Promise<T> {
  return timeoutAt(delay === undefined ? undefined : loopTime() + secondsToMs(delay, 'timeout()') / 1000, body);
}

/** Like timeout(), with the deadline as a time on the loopTime() clock (asyncio.timeout_at). */
export async function timeoutAt<T>(when: number | undefined, body: (scope: Timeout) => PromiseLike<T> | T): Promise<T> {
  const task = currentTask();
  if (!task) return new Task<T>(() => timeoutAt(when, body));
  const scope = new Timeout(task, when);
  let value: T;
  try {
    value = await body(scope);
  } catch (err) {
    throw scope.exit(true, err);
  }
  scope.exit(false, undefined);
  return value;
}
