/**
 * Shared state across a switch point in plain Node: each worker is an async function that reads the counter, awaits
 * (a switch point: other workers run), and writes what it read plus one. With `lock`, a promise-chain mutex guards
 * the three steps, so no update is lost.
 */
import type { RaceOptions, RaceOutcome } from '../contract.ts';

// #region race
export async function raceCounter(options: RaceOptions): Promise<RaceOutcome> {
  let counter = 0;
  let tail: Promise<void> = Promise.resolve();
  const locked = async <T>(body: () => Promise<T>): Promise<T> => {
    const previous = tail;
    let release!: () => void;
    tail = new Promise<void>((r) => (release = r));
    await previous;
    try {
      return await body();
    } finally {
      release();
    }
  };
  const increment = async (): Promise<void> => {
    const seen = counter;
    await new Promise<void>((r) => setImmediate(r)); // the switch point: everyone else gets to run
    counter = seen + 1;
  };
  await Promise.all(
    Array.from({ length: options.workers }, async () => {
      for (let i = 0; i < options.increments; i++) await (options.lock ? locked(increment) : increment());
    }),
  );
  return { expected: options.workers * options.increments, final: counter };
}
// #endregion
