/**
 * What one kind of unit of a style must provide to the scale measurements (./child.ts): make `count` units, park
 * them, wake them all. Implemented per style in harness/scale/<style>.ts.
 */
import type { StyleName } from '../../impls/contract.ts';
import type { Parking } from './types.ts';

export interface Parked {
  /** Timer units: when the last one is due (performance.now() ms); waking them cannot be timed from before that. */
  dueAt?: number;
  /** Units that finished before wake() was called: timers that fired while others were still being parked. */
  firedEarly(): number;
  /** Wakes every unit (or, for timers, lets the loop run them) and resolves once the last one has finished. */
  wake(): Promise<void>;
}

export interface UnitKind {
  system: StyleName;
  kind: string;
  unit: string;
  parks: Parking;
  /** Makes `count` units and resolves once every one is parked. */
  park(count: number): Promise<Parked>;
}

/** Bounds the loop that lets a style's scheduler start its new units: each round runs every unit queued once. */
export const MAX_PARK_ROUNDS = 1000;

/**
 * How far off a sleeping unit's deadline is set from the start of parking: beyond the time to park `count` of them
 * and measure (about 15 µs each on a loaded 2-core machine; 40 here, and a second).
 */
export function timerDelayMs(count: number): number {
  return 1000 + count * 0.04;
}


/**
 * Each unit's callback is a closure of its own, as a real program's carries its own state: it adds its index here,
 * and the total proves that every one ran exactly once.
 */
export function checkEveryOneRan(sum: number, count: number): void {
  if (sum !== (count * (count - 1)) / 2) throw new Error(`the ${count} units' callbacks did not each run once (their indices sum to ${sum})`);
}

/** Counts units finishing; `done` resolves when the `count`-th has. */
export function countdown(count: number): { tick(): void; finished(): number; done: Promise<void> } {
  let finished = 0;
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  return {
    tick: () => {
      if (++finished === count) resolve();
    },
    finished: () => finished,
    done,
  };
}
