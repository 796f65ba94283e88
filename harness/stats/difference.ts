/**
 * Telling two cells apart: whether their median intervals overlap (then the difference is within the run's noise),
 * and the ratio of their medians with a bootstrap interval of its own. Pure and deterministic; any caller may use it.
 */
import { median } from 'simple-statistics';
import { percentileBootstrap, type BootstrapInterval, type BootstrapOptions } from './bootstrap.ts';
import { MIN_TRIALS_FOR_INTERVAL, type MedianInterval } from './median-interval.ts';

export type NoiseVerdict =
  | { verdict: 'within-noise'; note: string }
  | { verdict: 'apart'; note: string }
  | { verdict: 'unknown'; note: string };

/**
 * Overlapping 95% intervals mean the two medians cannot be told apart at that level; disjoint ones mean they can
 * (conservatively: disjoint intervals imply a difference at a stricter level than 5%).
 */
export function compareIntervals(a: MedianInterval, b: MedianInterval): NoiseVerdict {
  if (a.method === 'not-computable' || b.method === 'not-computable') {
    const few = [a, b].filter((x) => x.method === 'not-computable').map((x) => `${x.n}`).join(' and ');
    return { verdict: 'unknown', note: `cannot say: no interval from ${few} trial(s)` };
  }
  if (a.low <= b.high && b.low <= a.high) return { verdict: 'within-noise', note: 'the 95% intervals overlap: within noise' };
  return { verdict: 'apart', note: 'the 95% intervals do not overlap' };
}

interface RatioBase {
  /** median(numerator) / median(denominator). */
  ratio: number;
  n: [number, number];
  confidence: number;
  note: string;
}

export type RatioInterval =
  | (RatioBase & { method: 'not-computable' })
  | (RatioBase & { method: 'bootstrap' } & BootstrapInterval);

/**
 * The ratio of two cells' medians, e.g. a style's throughput over raw's, with a percentile-bootstrap interval that
 * resamples each side independently. The ratio is undefined (NaN) when the denominator's median is 0.
 */
export function ratioOfMedians(numerator: readonly number[], denominator: readonly number[], options: BootstrapOptions = {}): RatioInterval {
  if (numerator.length === 0 || denominator.length === 0) throw new RangeError('ratio of medians needs trials on both sides');
  const confidence = options.confidence ?? 0.95;
  const den = median([...denominator]);
  const base: RatioBase = { ratio: den === 0 ? Number.NaN : median([...numerator]) / den, n: [numerator.length, denominator.length], confidence, note: '' };
  const fewest = Math.min(numerator.length, denominator.length);
  if (fewest < MIN_TRIALS_FOR_INTERVAL || Number.isNaN(base.ratio)) {
    const why = Number.isNaN(base.ratio) ? 'the denominator\'s median is 0' : `${numerator.length}+${denominator.length} trials: at least ${MIN_TRIALS_FOR_INTERVAL} a side are needed`;
    return { ...base, method: 'not-computable', note: `no interval for the ratio: ${why}` };
  }
  const { interval, undefinedResamples } = percentileBootstrap([numerator, denominator], ([num, d]) => median(num!) / median(d!), options);
  const undefinedNote = undefinedResamples > 0 ? `; ${undefinedResamples} resamples with a zero denominator left out` : '';
  return {
    ...base,
    method: 'bootstrap',
    ...interval,
    note: `${Math.round(confidence * 100)}% percentile-bootstrap interval of the ratio from ${numerator.length}+${denominator.length} trials${undefinedNote}`,
  };
}
