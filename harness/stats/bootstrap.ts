/**
 * The percentile bootstrap: resample each sample with replacement, recompute the statistic, and take the middle
 * `confidence` of those values as the interval. Seeded, so the same data always gives the same interval.
 */
import { seededRandom, DEFAULT_SEED } from './random.ts';

export interface BootstrapOptions {
  /** Two-sided confidence level, e.g. 0.95. */
  confidence?: number;
  /** Number of resamples (default 10,000). */
  resamples?: number;
  seed?: number;
}

export const DEFAULT_RESAMPLES = 10_000;

/** A bootstrap interval and how it was drawn, so that it can be drawn again. */
export interface BootstrapInterval {
  low: number;
  high: number;
  resamples: number;
  seed: number;
}

/** The q-quantile (0..1) of sorted values, interpolating linearly between neighbours (NumPy's default). */
export function quantileOfSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of no values');
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * The interval of `statistic` over resamples of `samples` (each resampled independently, keeping its size).
 * Resamples whose statistic is not finite (a zero denominator) are counted in `undefinedResamples` and left out.
 */
export function percentileBootstrap(
  samples: ReadonlyArray<readonly number[]>,
  statistic: (resampled: number[][]) => number,
  options: BootstrapOptions = {},
): { interval: BootstrapInterval; undefinedResamples: number } {
  const confidence = options.confidence ?? 0.95;
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const seed = options.seed ?? DEFAULT_SEED;
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be between 0 and 1, got ${confidence}`);
  if (!Number.isInteger(resamples) || resamples < 100) throw new RangeError(`resamples must be a whole number ≥ 100, got ${resamples}`);
  if (samples.some((s) => s.length === 0)) throw new RangeError('cannot resample an empty sample');
  const random = seededRandom(seed);
  const values: number[] = [];
  const drawn = samples.map((s) => new Array<number>(s.length));
  for (let r = 0; r < resamples; r++) {
    samples.forEach((sample, i) => {
      const out = drawn[i]!;
      for (let k = 0; k < sample.length; k++) out[k] = sample[Math.floor(random() * sample.length)]!;
    });
    const v = statistic(drawn);
    if (Number.isFinite(v)) values.push(v);
  }
  if (values.length === 0) throw new RangeError('the statistic was undefined on every resample');
  values.sort((a, b) => a - b);
  const tail = (1 - confidence) / 2;
  return {
    interval: { low: quantileOfSorted(values, tail), high: quantileOfSorted(values, 1 - tail), resamples, seed },
    undefinedResamples: resamples - values.length,
  };
}
