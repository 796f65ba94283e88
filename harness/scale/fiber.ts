/**
 * The fiber style's units for the scale measurements, through its public API (impls/fiber/index.ts): greenlets
 * waiting on one Event (idle), and greenlets in sleep() (each holds a timer on the hub).
 */
import { performance } from 'node:perf_hooks';
import { Event, Hub, sleep, spawn, type Green } from '../../impls/fiber/index.ts';
import { countdown, MAX_PARK_ROUNDS, timerDelayMs, type Parked, type UnitKind } from './unit.ts';

/**
 * Spawns `count` greenlets running `unit` from a main greenlet on a fresh hub and resolves once every one has
 * reached its wait (each says so through `parked`); main then ends, leaving them parked, as gevent does.
 */
function parkGreenlets(count: number, unit: (parked: () => void) => Green<void>, parked: (p: () => number) => Omit<Parked, 'firedEarly'>, finished: () => number): Promise<Parked> {
  return new Promise((resolve, reject) => {
    let waiting = 0;
    const onParked = (): void => void waiting++;
    function* main(): Green<void> {
      for (let i = 0; i < count; i++) spawn(unit, onParked);
      // Each sleep(0) goes once round the hub's run queue, where the new greenlets start and reach their wait.
      for (let round = 0; waiting < count && round < MAX_PARK_ROUNDS; round++) yield* sleep(0);
      if (waiting < count) throw new Error(`only ${waiting} of ${count} greenlets reached their wait after ${MAX_PARK_ROUNDS} rounds of the hub`);
      resolve({ ...parked(() => waiting), firedEarly: finished });
    }
    new Hub().run(main).rawlink((g) => {
      if (!g.successful()) reject(g.exception);
    });
  });
}

export const FIBER_KINDS: UnitKind[] = [
  {
    system: 'fiber',
    kind: 'fiber-event',
    unit: 'greenlet waiting on one Event',
    parks: 'idle',
    park(count) {
      const event = new Event();
      const finished = countdown(count);
      function* unit(parked: () => void): Green<void> {
        parked();
        yield* event.wait();
        finished.tick();
      }
      return parkGreenlets(count, unit, () => ({ wake: () => (event.set(), finished.done) }), finished.finished);
    },
  },
  {
    system: 'fiber',
    kind: 'fiber-sleep',
    unit: 'greenlet in sleep()',
    parks: 'timer',
    park(count) {
      // All due at one deadline, far enough off that none is due before all are parked and measured (firedEarly
      // says if one was): then waking them is timed as the hub running them all, as for the other timer kinds.
      const deadline = performance.now() + timerDelayMs(count);
      const finished = countdown(count);
      function* unit(parked: () => void): Green<void> {
        parked();
        yield* sleep(Math.max(0, deadline - performance.now()) / 1000);
        finished.tick();
      }
      return parkGreenlets(count, unit, () => ({ dueAt: deadline, wake: () => finished.done }), finished.finished);
    },
  },
];
