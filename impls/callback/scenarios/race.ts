/**
 * Shared state across a switch point (scenarios/race.ts) in Tornado callback code. A worker's increment is two
 * callbacks: the first reads the counter and schedules the second with addCallback (the callback style's switch point:
 * every other callback queued meanwhile runs first), which writes what was read plus one. With `lock`, a
 * tornado.locks Lock guards the two: the worker takes it through its acquire() Future (addFuture) and releases it
 * after the write, so no other worker reads in between.
 */
import { IOLoop } from '../ioloop.ts';
import { Lock } from '../locks.ts';

export interface RaceSettings {
  workers: number;
  increments: number;
  lock: boolean;
  ioLoop?: IOLoop;
}

/** Starts the workers on the loop (which the caller starts); `done(final)` runs once every worker has finished. */
export function raceCounter(settings: RaceSettings, done: (final: number) => void): void {
  const ioLoop = settings.ioLoop ?? IOLoop.current();
  let counter = 0;
  let running = settings.workers;
  const lock = new Lock();

  function finished(): void {
    running -= 1;
    if (running === 0) done(counter);
  }

  // #region race
  function increment(then: () => void): void {
    const seen = counter;
    ioLoop.addCallback(() => {
      counter = seen + 1;
      then();
    });
  }

  function lockedIncrement(then: () => void): void {
    ioLoop.addFuture(lock.acquire(), () =>
      increment(() => {
        lock.release();
        then();
      }),
    );
  }
  // #endregion

  function worker(remaining: number): void {
    if (remaining === 0) finished();
    else (settings.lock ? lockedIncrement : increment)(() => worker(remaining - 1));
  }

  if (settings.workers === 0) ioLoop.addCallback(done, counter);
  // Started on the loop, where IOLoop.current() is this loop: the Lock's Futures belong to the current one.
  for (let i = 0; i < settings.workers; i++) ioLoop.spawnCallback(worker, settings.increments);
}
