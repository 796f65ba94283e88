/**
 * asyncio.wait: wait until some or all of a set of futures are done, without raising or cancelling anything.
 */
import { describeValue } from './awaitables.ts';
import { ValueError } from './errors.ts';
import { takePendingCancel } from './current.ts';
import { Future } from './future.ts';
import { secondsToMs } from './seconds.ts';
import { callLater, type TimerHandle } from './timers.ts';
import { suspend } from './waiter.ts';

export type ReturnWhen = 'FIRST_COMPLETED' | 'FIRST_EXCEPTION' | 'ALL_COMPLETED';
const RETURN_WHEN: readonly string[] = ['FIRST_COMPLETED', 'FIRST_EXCEPTION', 'ALL_COMPLETED'];

export interface WaitOptions {
  returnWhen?: ReturnWhen;
  /** Give up waiting (without cancelling anything) after this many seconds. */
  timeout?: number;
}

/**
 * Waits until `returnWhen` holds for the given futures or the timeout passes, and splits them into done and pending.
 * Nothing is cancelled and no exception is raised: look at the done ones. Takes futures and tasks only, as asyncio
 * 3.12 refuses coroutines: a promise has no done() to look at and no cancel() for the pending ones.
 */
export async function wait<F extends Future<unknown>>(
  futures: Iterable<F>,
  options: WaitOptions = {},
): Promise<{ done: Set<F>; pending: Set<F> }> {
  const all = new Set(futures);
  for (const f of all) {
    if (!(f instanceof Future)) {
      throw new TypeError(
        `wait() takes futures and tasks, got ${describeValue(f)}: start the work as a task first (createTask(fn, ...args)) and pass the task`,
      );
    }
  }
  if (all.size === 0) throw new ValueError('wait() needs at least one future');
  const returnWhen = options.returnWhen ?? 'ALL_COMPLETED';
  if (!RETURN_WHEN.includes(returnWhen)) throw new ValueError(`invalid returnWhen: ${String(returnWhen)}`);
  const satisfied = (): boolean => {
    let done = 0;
    for (const f of all) {
      if (!f.done()) continue;
      done++;
      if (returnWhen === 'FIRST_COMPLETED') return true;
      if (returnWhen === 'FIRST_EXCEPTION' && !f.cancelled() && f.peekFailure().failed) return true;
    }
    return done === all.size;
  };

  if (satisfied()) {
    const pending = takePendingCancel();
    if (pending) throw pending;
  } else {
    await suspend<void>((resolve) => {
      let timer: TimerHandle | undefined;
      const detach = (): void => {
        timer?.cancel();
        for (const f of all) f.removeDoneCallback(onDone);
      };
      const onDone = (): void => {
        if (!satisfied()) return;
        detach();
        resolve();
      };
      for (const f of all) if (!f.done()) f.addDoneCallback(onDone);
      if (options.timeout !== undefined) {
        timer = callLater(secondsToMs(options.timeout, 'wait()'), () => {
          detach();
          resolve();
        });
      }
      return detach;
    });
  }
  const done = new Set<F>();
  const pending = new Set<F>();
  for (const f of all) (f.done() ? done : pending).add(f);
  return { done, pending };
}
