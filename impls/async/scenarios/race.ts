/**
 * Shared state across a switch point (scenarios/race.ts) as an asyncio programmer writes it: tasks that read a shared
 * counter, `await asyncio.sleep(0)` (every other task runs meanwhile), then write what they read plus one; with the
 * lock, `async with lock:` around the three steps.
 */
import type { RaceOptions, RaceOutcome } from '../../contract.ts';
import { Lock, gather, sleep } from '../index.ts';

// #region race
interface Shared {
  counter: number;
}

async function increment(shared: Shared): Promise<void> {
  const seen = shared.counter;
  await sleep(0); // the switch point
  shared.counter = seen + 1;
}

async function worker(shared: Shared, increments: number, lock: Lock | undefined): Promise<void> {
  for (let i = 0; i < increments; i++) {
    if (lock) await lock.hold(() => increment(shared));
    else await increment(shared);
  }
}

/** Run inside the layer's run(): `options.workers` tasks, each adding 1 to the counter `options.increments` times. */
export async function raceCounter(options: RaceOptions): Promise<RaceOutcome> {
  const shared: Shared = { counter: 0 };
  const lock = options.lock ? new Lock() : undefined;
  await gather(...Array.from({ length: options.workers }, () => () => worker(shared, options.increments, lock)));
  return { expected: options.workers * options.increments, final: shared.counter };
}
// #endregion
