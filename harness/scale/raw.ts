/** Plain Node's units for the scale measurements: promises awaiting one shared promise, and setTimeout timers. */
import { performance } from 'node:perf_hooks';
import { checkEveryOneRan, countdown, type UnitKind } from './unit.ts';

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
      const fired = countdown(count);
      let sum = 0;
      // Due at once, but none can fire before the measurement that follows returns control to the loop.
      for (let i = 0; i < count; i++) {
        setTimeout(() => {
          sum += i;
          fired.tick();
        }, 1);
      }
      const dueAt = performance.now() + 1;
      return Promise.resolve({ dueAt, firedEarly: fired.finished, wake: () => fired.done.then(() => checkEveryOneRan(sum, count)) });
    },
  },
];
