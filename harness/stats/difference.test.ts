import { median } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { quantileOfSorted } from './bootstrap.ts';
import { compareIntervals, ratioOfMedians } from './difference.ts';
import { medianInterval } from './median-interval.ts';

describe('whether two cells are within noise', () => {
  const six = (base: number): number[] => [0, 1, 2, 3, 4, 5].map((d) => base + d);
  it('overlapping intervals are within noise, disjoint ones apart', () => {
    expect(compareIntervals(medianInterval(six(100)), medianInterval(six(104))).verdict).toBe('within-noise');
    expect(compareIntervals(medianInterval(six(100)), medianInterval(six(106))).verdict).toBe('apart');
  });
  it('cannot say with too few trials on either side', () => {
    const v = compareIntervals(medianInterval([100, 101]), medianInterval(six(500)));
    expect(v.verdict).toBe('unknown');
    expect(v.note).toContain('no interval from 2 trial(s)');
  });
});

describe('ratio of medians', () => {
  it('is the ratio of the medians, with an interval that contains it', () => {
    const r = ratioOfMedians([200, 210, 190, 205, 195], [100, 102, 98, 101, 99]);
    expect(r.ratio).toBe(2);
    expect(r.method).toBe('bootstrap');
    if (r.method !== 'bootstrap') return;
    expect(r.low).toBeLessThanOrEqual(2);
    expect(r.high).toBeGreaterThanOrEqual(2);
    expect(ratioOfMedians([200, 210, 190, 205, 195], [100, 102, 98, 101, 99])).toEqual(r);
  });

  it('agrees with the bootstrap distribution enumerated exactly (3 + 3 trials: 27 × 27 resample pairs)', () => {
    const num = [120, 100, 150];
    const den = [100, 90, 80];
    const medians = (s: number[]): number[] => s.flatMap((a) => s.flatMap((b) => s.map((c) => median([a, b, c]))));
    const all = medians(num).flatMap((n) => medians(den).map((d) => n / d)).sort((a, b) => a - b);
    const r = ratioOfMedians(num, den);
    if (r.method !== 'bootstrap') throw new Error(r.note);
    // The seeded Monte Carlo quantile lands within a small step of the exact one.
    expect(Math.abs(r.low - quantileOfSorted(all, 0.025))).toBeLessThan(0.05);
    expect(Math.abs(r.high - quantileOfSorted(all, 0.975))).toBeLessThan(0.05);
    expect(r.ratio).toBe(120 / 90);
  });

  it('has no interval with fewer than 3 trials a side, or a zero denominator', () => {
    expect(ratioOfMedians([1, 2], [1, 2, 3]).method).toBe('not-computable');
    const zero = ratioOfMedians([1, 2, 3], [0, 0, 0]);
    expect(zero.method).toBe('not-computable');
    expect(zero.note).toContain("denominator's median is 0");
  });
});
