/** Plain Node's units for the scale measurements: promises awaiting one shared promise, and setTimeout timers. */
import { performance } from 'node:perf_hooks';
import type { UnitKind } from './unit.ts';

export const RAW_KINDS: UnitKind[] = [
  {
    system: 'raw',
    kind: 'raw-promise',
    unit: 'async function awaiting one shared promise',
    parks: 'idle',
    park(count) {
      let release!: () => void;
      const shared = new Promise<void>((resolve) => (release = resolve));
      const units: Array<Promise<void>> = [];
      // An async function runs to its first await synchronously: each is parked when the call returns.
      for (let i = 0; i < count; i++) units.push((async () => void (await shared))());
      return Promise.resolve({
        firedEarly: () => 0,
        wake: async () => {
          release();
          await Promise.all(units);
        },
      });
    },
  },
  {
    system: 'raw',
    kind: 'raw-timer',
    unit: 'setTimeout timer with a callback',
    parks: 'timer',
    park(count) {
      let fired = 0;
      let last = -1;
      let allFired!: () => void;
      const done = new Promise<void>((resolve) => (allFired = resolve));
      // Due at once, but none can fire before the measurement that follows returns control to the loop. A closure
      // each, as a real program's callback carries its own state.
      for (let i = 0; i < count; i++) {
        setTimeout(() => {
          last = i;
          if (++fired === count && last >= 0) allFired();
        }, 1);
      }
      const dueAt = performance.now() + 1;
      return Promise.resolve({ dueAt, firedEarly: () => fired, wake: () => done });
    },
  },
];
