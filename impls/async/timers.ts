/**
 * Timers the layer arms (asyncio's loop.call_later), counted for stats().
 *
 * Performance: a Timer hands itself to setTimeout as the callback's argument, so arming one allocates the Timer and
 * Node's timeout object, and no closure.
 */
import { countTimerArmed, countTimerDisarmed } from './counters.ts';

export interface TimerHandle {
  cancel(): void;
}

class Timer implements TimerHandle {
  private handle: ReturnType<typeof setTimeout> | undefined;

  constructor(
    ms: number,
    private readonly fn: (arg: never) => void,
    private readonly arg: unknown,
  ) {
    countTimerArmed();
    this.handle = setTimeout(Timer.fire, Math.max(0, ms), this);
  }

  cancel(): void {
    if (this.handle === undefined) return;
    clearTimeout(this.handle);
    this.handle = undefined;
    countTimerDisarmed();
  }

  private static fire(timer: Timer): void {
    timer.handle = undefined;
    countTimerDisarmed();
    (timer.fn as (arg: unknown) => void)(timer.arg);
  }
}

/** @internal The layer's timers (sleep, wait, deadlines): setTimeout that stats() counts; `fn(arg)` after `ms`. */
export function callLater(ms: number, fn: () => void): TimerHandle;
export function callLater<A>(ms: number, fn: (arg: A) => void, arg: A): TimerHandle;
export function callLater(ms: number, fn: (arg: never) => void, arg?: unknown): TimerHandle {
  return new Timer(ms, fn, arg);
}
