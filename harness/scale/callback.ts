/**
 * The callback style's units for the scale measurements, through its public API (impls/callback/index.ts). Its unit
 * of work is a callback: one parks idly only as a done callback on a Future (Tornado's add_done_callback, what
 * IOLoop.add_future does); callLater parks one with a timer each.
 */
import { performance } from 'node:perf_hooks';
import { Future, IOLoop } from '../../impls/callback/index.ts';
import { checkEveryOneRan, type UnitKind } from './unit.ts';

/** Runs `loop` until a callback stops it; resolves then, with the loop closed. */
function runUntilStopped(loop: IOLoop, first?: () => void): Promise<void> {
  return new Promise((resolve) => {
    loop.addStopListener(() => {
      loop.close();
      resolve();
    });
    if (first) loop.addCallback(first);
    loop.start();
  });
}

export const CALLBACK_KINDS: UnitKind[] = [
  {
    system: 'callback',
    kind: 'callback-future',
    unit: 'done callback on one shared Future',
    parks: 'idle',
    park(count) {
      const loop = new IOLoop();
      const future = new Future<boolean>(loop);
      let called = 0;
      let sum = 0;
      for (let i = 0; i < count; i++) {
        future.addDoneCallback(() => {
          sum += i;
          if (++called === count) loop.stop();
        });
      }
      const wake = (): Promise<void> => runUntilStopped(loop, () => future.setResult(true)).then(() => checkEveryOneRan(sum, count));
      return Promise.resolve({ firedEarly: () => called, wake });
    },
  },
  {
    system: 'callback',
    kind: 'callback-timer',
    unit: 'callLater timer with a callback',
    parks: 'timer',
    park(count) {
      const loop = new IOLoop();
      let fired = 0;
      let sum = 0;
      // The loop is not started until wake(): none can fire while they are measured.
      for (let i = 0; i < count; i++) {
        loop.callLater(0.001, () => {
          sum += i;
          if (++fired === count) loop.stop();
        });
      }
      const wake = (): Promise<void> => runUntilStopped(loop).then(() => checkEveryOneRan(sum, count));
      return Promise.resolve({ dueAt: performance.now() + 1, firedEarly: () => fired, wake });
    },
  },
];
