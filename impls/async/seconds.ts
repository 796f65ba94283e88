/**
 * Time at the public edge: every public API of the style takes and returns seconds, as asyncio does (`sleep(0.5)`,
 * `timeout(10)`, `loop.time()`), so that examples port verbatim; inside, timers run on milliseconds.
 */
import { performance } from 'node:perf_hooks';

/**
 * A duration given in seconds, as milliseconds for a timer. Refuses what is not a number, with a message naming the
 * caller (a porter's `sleep('1')` or `sleep(undefined)` should not become a zero-length wait).
 */
export function secondsToMs(seconds: number, caller: string): number {
  if (typeof seconds !== 'number' || Number.isNaN(seconds)) {
    throw new TypeError(`${caller} takes a number of seconds, got ${typeof seconds === 'number' ? 'NaN' : typeof seconds}`);
  }
  return seconds * 1000;
}

/** The layer's monotonic clock in seconds (asyncio's loop.time()): the clock of Timeout.when() and timeoutAt(). */
export function loopTime(): number {
  return performance.now() / 1000;
}
