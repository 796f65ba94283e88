/**
 * Where the hub gets the time and its one wake-up timer. Injectable so tests can drive timers exactly.
 */
import { performance } from 'node:perf_hooks';

export interface Clock {
  /** Milliseconds on a monotonic scale. */
  now(): number;
  /** Call `fire` once, about `delayMs` from now. The hub keeps at most one of these armed. */
  setTimer(delayMs: number, fire: () => void): unknown;
  clearTimer(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  // Node timers have 1 ms granularity; a fire that comes early is re-armed by the hub for the remainder.
  setTimer: (delayMs, fire) => setTimeout(fire, Math.max(1, Math.ceil(delayMs))),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** A clock that only moves when told to, so timer tests assert exact orderings instead of sleeping. */
export class ManualClock implements Clock {
  private time = 0;
  private nextId = 1;
  private readonly pending = new Map<number, { at: number; fire: () => void }>();

  now(): number {
    return this.time;
  }

  setTimer(delayMs: number, fire: () => void): unknown {
    const id = this.nextId++;
    this.pending.set(id, { at: this.time + Math.max(0, delayMs), fire });
    return id;
  }

  clearTimer(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  /** Moves time forward by `seconds` and fires every timer that came due, earliest first. Call it from outside the hub. */
  advance(seconds: number): void {
    this.time += seconds * 1000;
    for (let guard = 0; guard < 10_000; guard++) {
      let dueId: number | undefined;
      let dueAt = Infinity;
      for (const [id, t] of this.pending) if (t.at <= this.time && t.at < dueAt) [dueId, dueAt] = [id, t.at];
      if (dueId === undefined) return;
      const { fire } = this.pending.get(dueId)!;
      this.pending.delete(dueId);
      fire();
    }
  }
}
