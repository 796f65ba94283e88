/**
 * The median of a cell's trials with a 95% confidence interval, honest about how it was found:
 * - 6 or more trials: order statistics, distribution-free and exact (the binomial count of trials below the true
 *   median); the interval is two of the trials themselves, and the coverage it really has (≥ the level) is given.
 * - 3 to 5 trials: no pair of order statistics reaches 95% (the full range of 5 covers the median with probability
 *   93.75%, of 3 only 75%), so a seeded percentile bootstrap, flagged as approximate.
 * - 1 or 2 trials: not computable, and said so: never a made-up ±0%.
 * Any caller may use it; it is pure and deterministic.
 */
import { median } from 'simple-statistics';
import { percentileBootstrap, type BootstrapInterval, type BootstrapOptions } from './bootstrap.ts';

/** Fewer trials than this and no interval is given at all. */
export const MIN_TRIALS_FOR_INTERVAL = 3;

interface IntervalBase {
  median: number;
  /** Trials the interval was computed from. */
  n: number;
  /** The level asked for, e.g. 0.95. */
  confidence: number;
  /** One sentence for a reader: method, trials, and how far to trust it. */
  note: string;
}

export type MedianInterval =
  | (IntervalBase & { method: 'not-computable' })
  | (IntervalBase & {
      method: 'order-statistics';
      low: number;
      high: number;
      /** 1-based ranks of the trials that bound the interval. */
      ranks: [number, number];
      /** The interval's exact coverage for any continuous distribution (at least `confidence`). */
      coverage: number;
    })
  | (IntervalBase & { method: 'bootstrap' } & BootstrapInterval);

/** P(B ≤ k) for B ~ Binomial(n, 1/2), summed in log space so large n does not underflow. */
export function binomialHalfCdf(n: number, k: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  let logC = 0; // log C(n, 0)
  let sum = 0;
  for (let i = 0; i <= k; i++) {
    if (i > 0) logC += Math.log(n - i + 1) - Math.log(i);
    sum += Math.exp(logC - n * Math.LN2);
  }
  return Math.min(1, sum);
}

/** The coverage of [x(j), x(n-j+1)] as an interval for the median: 1 - 2·P(B ≤ j-1). */
export function orderStatisticCoverage(n: number, j: number): number {
  return 1 - 2 * binomialHalfCdf(n, j - 1);
}

/** The narrowest symmetric pair of ranks whose coverage reaches `confidence`, or undefined if none does. */
export function orderStatisticRanks(n: number, confidence: number): { j: number; coverage: number } | undefined {
  let best: { j: number; coverage: number } | undefined;
  for (let j = 1; j <= Math.floor(n / 2); j++) {
    const coverage = orderStatisticCoverage(n, j);
    if (coverage < confidence) break;
    best = { j, coverage };
  }
  return best;
}

const percent = (f: number, digits = 1): string => `${(f * 100).toFixed(digits).replace(/\.0+$/, '')}%`;
const ordinal = (k: number): string => `${k}${k % 10 === 1 && k % 100 !== 11 ? 'st' : k % 10 === 2 && k % 100 !== 12 ? 'nd' : k % 10 === 3 && k % 100 !== 13 ? 'rd' : 'th'}`;

function checkValues(values: readonly number[]): void {
  if (values.length === 0) throw new RangeError('median of no trials');
  const bad = values.find((v) => !Number.isFinite(v));
  if (bad !== undefined) throw new RangeError(`a trial's figure is not a finite number: ${bad}`);
}

export function medianInterval(values: readonly number[], options: BootstrapOptions = {}): MedianInterval {
  checkValues(values);
  const confidence = options.confidence ?? 0.95;
  const n = values.length;
  const base = { median: median([...values]), n, confidence };
  const level = percent(confidence, 0);
  const ranked = orderStatisticRanks(n, confidence);
  if (ranked) {
    const sorted = [...values].sort((a, b) => a - b);
    const k = n - ranked.j + 1;
    return {
      ...base,
      method: 'order-statistics',
      low: sorted[ranked.j - 1]!,
      high: sorted[k - 1]!,
      ranks: [ranked.j, k],
      coverage: ranked.coverage,
      note: `${level} interval by order statistics: the ${ordinal(ranked.j)} and ${ordinal(k)} of ${n} trials (exact coverage ${percent(ranked.coverage)})`,
    };
  }
  if (n < MIN_TRIALS_FOR_INTERVAL) {
    return { ...base, method: 'not-computable', note: `no ${level} interval from ${n} trial${n === 1 ? '' : 's'}: at least ${MIN_TRIALS_FOR_INTERVAL} are needed` };
  }
  const { interval } = percentileBootstrap([values], ([s]) => median(s!), options);
  const rangeCoverage = orderStatisticCoverage(n, 1);
  return {
    ...base,
    method: 'bootstrap',
    ...interval,
    note:
      `${level} percentile-bootstrap interval from ${n} trials (${interval.resamples.toLocaleString('en-US')} resamples, seed ${interval.seed}), approximate: ` +
      `with ${n} trials even their full range covers the median only ${percent(rangeCoverage)} of the time`,
  };
}

/** Half the interval's width relative to the median, as a fraction (the larger side), or undefined without one. */
export function relativeHalfWidth(interval: MedianInterval): number | undefined {
  if (interval.method === 'not-computable' || interval.median === 0) return undefined;
  return Math.max(interval.high - interval.median, interval.median - interval.low) / Math.abs(interval.median);
}
