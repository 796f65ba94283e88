/**
 * The callback style's units for the scale measurements, through its public API (impls/callback/index.ts). Its unit
 * of work is a callback: one parks idly only as a done callback on a Future (Tornado's add_done_callback, what
 * IOLoop.add_future does); callLater parks one with a timer each.
 */
import { performance } from 'node:perf_hooks';
import { Future, IOLoop } from '../../impls/callback/index.ts';
import type { UnitKind } from './unit.ts';

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
      let last = -1;
      // A closure each, as a real program's callback carries its own request's state.
      for (let i = 0; i < count; i++) {
        future.addDoneCallback(() => {
          last = i;
          if (++called === count && last >= 0) loop.stop();
        });
      }
      return Promise.resolve({ firedEarly: () => called, wake: () => runUntilStopped(loop, () => future.setResult(true)) });
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
      let last = -1;
      // The loop is not started until wake(): none can fire while they are measured. A closure each, as above.
      for (let i = 0; i < count; i++) {
        loop.callLater(0.001, () => {
          last = i;
          if (++fired === count && last >= 0) loop.stop();
        });
      }
      return Promise.resolve({ dueAt: performance.now() + 1, firedEarly: () => fired, wake: () => runUntilStopped(loop) });
    },
  },
];
