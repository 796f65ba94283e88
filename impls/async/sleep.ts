/**
 * asyncio.sleep.
 */
import { takePendingCancel } from './current.ts';
import { secondsToMs } from './seconds.ts';
import { callLater } from './timers.ts';
import { suspend } from './waiter.ts';

/** Resolves with `value` after `seconds`; `sleep(0)` yields to pending I/O once. Cancellable. */
export function sleep<T = undefined>(seconds: number, value?: T): Promise<T> {
  const ms = secondsToMs(seconds, 'sleep()');
  if (ms <= 0) {
    const pending = takePendingCancel();
    if (pending) return Promise.reject(pending);
    return suspend<T>((resolve) => {
      const immediate = setImmediate(() => resolve(value as T));
      return () => clearImmediate(immediate);
    });
  }
  return suspend<T>((resolve) => {
    const timer = callLater(ms, () => resolve(value as T));
    return () => timer.cancel();
  });
}
