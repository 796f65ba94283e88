/**
 * A seeded pseudo-random generator for resampling. Bootstrap intervals must come out the same every time the same
 * report is rendered (reports are pure functions of their JSON), so nothing here may touch Math.random.
 */

/** Mulberry32: 32 bits of state, uniform floats in [0, 1); plenty for drawing resample indices. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed every interval uses unless its caller names another. */
export const DEFAULT_SEED = 20261122;
