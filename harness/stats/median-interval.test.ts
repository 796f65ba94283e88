import { describe, expect, it } from 'vitest';
import { percentileBootstrap } from './bootstrap.ts';
import { binomialHalfCdf, medianInterval, orderStatisticCoverage, relativeHalfWidth } from './median-interval.ts';

describe('median interval by order statistics (6+ trials)', () => {
  // Bounds as SciPy 1.17.1 gives them: scipy.stats.quantile_test(x, p=0.5).confidence_interval(0.95).
  it('6 trials: the full range, whose coverage 1 - 2/64 = 96.9% is the first above 95%', () => {
    const r = medianInterval([13, 10, 15, 11, 14, 12]);
    expect(r.method).toBe('order-statistics');
    if (r.method !== 'order-statistics') return;
    expect([r.low, r.high]).toEqual([10, 15]);
    expect(r.ranks).toEqual([1, 6]);
    expect(r.coverage).toBeCloseTo(1 - 2 / 64, 12);
    expect(r.median).toBe(12.5);
    expect(r.note).toBe('95% interval by order statistics: the 1st and 6th of 6 trials (exact coverage 96.9%)');
  });

  it('10 trials: the 2nd and 9th (coverage 97.85%; the 3rd and 8th would give only 89.1%)', () => {
    const r = medianInterval([7, 3, 9, 1, 5, 10, 2, 8, 4, 6]);
    expect(r.method === 'order-statistics' && [r.low, r.high, r.coverage]).toEqual([2, 9, 1 - (2 * 11) / 1024]);
    expect(orderStatisticCoverage(10, 3)).toBeCloseTo(1 - (2 * 56) / 1024, 12);
  });

  it('20 trials: the 6th and 15th', () => {
    const x = [3.1, 2.7, 4.4, 5.0, 3.3, 2.9, 4.1, 3.8, 3.0, 4.6, 3.6, 2.2, 5.3, 4.9, 3.4, 2.5, 4.0, 3.9, 4.2, 2.8];
    const r = medianInterval(x);
    expect(r.method === 'order-statistics' && [r.low, r.high, r.ranks]).toEqual([3.0, 4.2, [6, 15]]);
  });

  it('sums the binomial tail without underflow for many trials', () => {
    expect(binomialHalfCdf(10, 1)).toBeCloseTo(11 / 1024, 15);
    expect(binomialHalfCdf(2000, 999)).toBeGreaterThan(0.49);
    expect(binomialHalfCdf(2000, 999)).toBeLessThan(0.5);
  });
});

describe('median interval with few trials', () => {
  it('1 or 2 trials: not computable, and the note says why rather than showing ±0%', () => {
    for (const x of [[5], [5, 6]]) {
      const r = medianInterval(x);
      expect(r.method).toBe('not-computable');
      expect('low' in r).toBe(false);
      expect(relativeHalfWidth(r)).toBeUndefined();
      expect(r.note).toMatch(/^no 95% interval from [12] trials?: at least 3 are needed$/);
    }
  });

  it('3 to 5 trials: a seeded bootstrap, flagged as approximate with the range\'s real coverage', () => {
    const r = medianInterval([100, 90, 130]);
    expect(r.method).toBe('bootstrap');
    if (r.method !== 'bootstrap') return;
    // With 3 trials P(resampled median = the smallest) = 7/27 > 2.5%, so the percentile interval is the range.
    expect([r.low, r.high]).toEqual([90, 130]);
    expect(r.median).toBe(100);
    expect(r.note).toContain('full range covers the median only 75% of the time');
    expect(medianInterval([100, 90, 130])).toEqual(r); // deterministic
    expect(relativeHalfWidth(r)).toBeCloseTo(0.3, 12);
  });

  it('refuses no trials and non-numbers', () => {
    expect(() => medianInterval([])).toThrow(/no trials/);
    expect(() => medianInterval([1, Number.POSITIVE_INFINITY])).toThrow(/not a finite number/);
  });
});

describe('percentile bootstrap', () => {
  it('matches the analytic interval where the bootstrap distribution is known', () => {
    // The mean of 100 draws from fifty 0s and fifty 1s is Binomial(100, 1/2)/100: its 2.5% and 97.5% quantiles are
    // 0.40 and 0.60 (P(X ≤ 39) = 1.8%, P(X ≤ 40) = 2.8%), with about a hundred resamples of margin either side.
    const half = [...Array<number>(50).fill(0), ...Array<number>(50).fill(1)];
    const mean = (s: number[]): number => s.reduce((a, b) => a + b, 0) / s.length;
    const r = percentileBootstrap([half], ([s]) => mean(s!)).interval;
    expect(r.low).toBeCloseTo(0.4, 12);
    expect(r.high).toBeCloseTo(0.6, 12);
  });

  it('is the same for the same seed and refuses nonsense options', () => {
    const stat = ([s]: number[][]): number => s!.reduce((a, b) => a + b, 0);
    const a = percentileBootstrap([[1, 5, 9, 2, 7]], stat, { seed: 7 });
    expect(percentileBootstrap([[1, 5, 9, 2, 7]], stat, { seed: 7 })).toEqual(a);
    expect(() => percentileBootstrap([[1]], stat, { confidence: 1 })).toThrow(/confidence/);
    expect(() => percentileBootstrap([[1]], stat, { resamples: 5 })).toThrow(/resamples/);
  });
});
