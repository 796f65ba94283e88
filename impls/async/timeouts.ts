/**
 * sleep() and the timeout() scope (asyncio.sleep, asyncio.timeout).
 *
 * A timeout scope works the asyncio 3.11 way: when the deadline passes it cancels the task running the scope, and on
 * the way out turns that CancelledError, and only that one, into a TimeoutError. A cancellation that came from
 * elsewhere (`cancelling()` went up by more than the scope's own request) propagates untouched.
 */
import { performance } from 'node:perf_hooks';
import { CancelledError, TimeoutError } from './errors.ts';
import { CancelScope } from './cancel-scope.ts';
import { currentTask, takePendingCancel } from './current.ts';
import { Task } from './task.ts';
import { callLater, type TimerHandle } from './timers.ts';
import { suspend } from './waiter.ts';

/** Resolves with `value` after `ms`; `sleep(0)` yields to pending I/O once. Cancellable. */
export function sleep<T = undefined>(ms: number, value?: T): Promise<T> {
  if (ms <= 0) {
    const pending = takePendingCancel();
    if (pending) return Promise.reject(pending);
    return suspend<T>((resolve, reject) => {
      const immediate = setImmediate(() => resolve(value as T));
      return (error) => {
        clearImmediate(immediate);
        reject(error);
        return true;
      };
    });
  }
  return suspend<T>((resolve, reject) => {
    const timer = callLater(ms, () => resolve(value as T));
    return (error) => {
      timer.cancel();
      reject(error);
      return true;
    };
  });
}

type ScopeState = 'entered' | 'expiring' | 'expired' | 'exited';

/** The handle a timeout() body gets: inspect or move the deadline. */
export class Timeout {
  private state: ScopeState = 'entered';
  private deadline: number | undefined;
  private timer: TimerHandle | undefined;
  private delayMs: number | undefined;
  private readonly task: Task<unknown>;
  private readonly cancellingAtEntry: number;

  /** @internal */
  constructor(task: Task<unknown>, ms: number | undefined) {
    this.task = task;
    this.cancellingAtEntry = task.cancelling();
    this.reschedule(ms);
  }

  /** The deadline on the performance.now() clock, or undefined for none. */
  when(): number | undefined {
    return this.deadline;
  }

  /** Moves the deadline to `ms` from now (undefined: no deadline). */
  reschedule(ms: number | undefined): void {
    if (this.state !== 'entered') throw new Error(`cannot reschedule a timeout that has ${this.state}`);
    this.timer?.cancel();
    this.timer = undefined;
    this.delayMs = ms;
    this.deadline = ms === undefined ? undefined : performance.now() + ms;
    if (ms !== undefined) this.timer = callLater(ms, Timeout.expire, this);
  }

  /** Whether the deadline passed and the scope cancelled its task. */
  expired(): boolean {
    return this.state === 'expiring' || this.state === 'expired';
  }

  /** @internal Leaves the scope; returns what the scope should throw (the same error, or a TimeoutError). */
  exit(failed: boolean, error: unknown): unknown {
    this.timer?.cancel();
    if (this.state !== 'expiring') {
      this.state = 'exited';
      return error;
    }
    this.state = 'expired';
    // Withdraw our own request; if nobody else asked for a cancellation, the CancelledError was ours.
    if (this.task.uncancel() <= this.cancellingAtEntry && failed && error instanceof CancelledError) {
      return new TimeoutError(`deadline of ${this.delayMs} ms exceeded`, { cause: error });
    }
    return error;
  }

  private static expire(scope: Timeout): void {
    scope.timer = undefined;
    scope.state = 'expiring';
    scope.task.cancel('timeout expired');
  }
}

/**
 * Runs `body` with a deadline `ms` from now (undefined: none). On expiry the body is cancelled at its pending
 * library await and the scope throws TimeoutError once the body has unwound. Outside a task, it runs in a new one.
 */
export async function timeout<T>(ms: number | undefined, body: (scope: Timeout) => PromiseLike<T> | T): Promise<T> {
  const task = currentTask();
  if (!task) return new Task<T>(() => timeout(ms, body));
  const scope = new Timeout(task, ms);
  let value: T;
  try {
    value = await body(scope);
  } catch (err) {
    throw scope.exit(true, err);
  }
  scope.exit(false, undefined);
  return value;
}

function expireDeadline(scope: CancelScope): void {
  scope.cancel('deadline expired');
}

/**
 * @internal A deadline for one operation (a request) that may run concurrently with others in the same task:
 * like timeout(), it cancels `fn(...args)` at its pending library await when `ms` pass and throws TimeoutError once
 * it has unwound, but the cancellation reaches only the library awaits `fn` makes (a CancelScope), not the whole
 * task. In the usual one-request-per-task code the two are indistinguishable; `Promise.all` over two requests in one
 * task keeps their fates separate. A cancellation of the task itself still reaches `fn` and propagates as
 * CancelledError. Outside a task it runs in a new one.
 */
export async function withDeadline<T, A extends unknown[]>(ms: number, fn: (...args: A) => PromiseLike<T> | T, ...args: A): Promise<T> {
  const task = currentTask();
  if (!task) return new Task<T>(() => withDeadline(ms, fn, ...args));
  const scope = new CancelScope(task);
  const cancellingAtEntry = task.cancelling();
  const timer = callLater(ms, expireDeadline, scope);
  try {
    return await scope.run(fn, ...args);
  } catch (err) {
    // Ours only if the deadline cancelled the scope and nobody cancelled the task meanwhile.
    if (scope.cancelRequested() && err instanceof CancelledError && task.cancelling() <= cancellingAtEntry) {
      throw new TimeoutError(`deadline of ${ms} ms exceeded`, { cause: err });
    }
    throw err;
  } finally {
    timer.cancel();
  }
}
