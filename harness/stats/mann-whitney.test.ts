import { describe, expect, it } from 'vitest';
import { mannWhitney, smallestTwoSidedP, trialsNeededFor, uDistribution } from './mann-whitney.ts';
import { erfc } from './normal.ts';

// Expected values from SciPy 1.17.1: scipy.stats.mannwhitneyu(x, y, alternative='two-sided', method=...) with
// use_continuity=True (its default), computed once with pyenv's python 3.11.7 and written down here.
describe('Mann–Whitney U, exact (no ties, small samples)', () => {
  const cases: Array<[number[], number[], number, number]> = [
    [[1, 2, 3], [4, 5, 6], 0, 0.1],
    [[1, 2, 3, 4], [5, 6, 7, 8], 0, 0.02857142857142857],
    [[19, 22, 16, 29, 24], [20, 11, 17, 12], 17, 0.1111111111111111],
    [[0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46], [1.15, 0.88, 0.9, 0.74, 1.21], 35, 0.2544122544122544],
    [[60000, 64000, 62000], [61000, 63000, 65000], 3, 0.7],
    [[5, 7, 9, 11, 13, 15, 17], [6, 8, 10, 12, 14, 16, 18, 20], 21, 0.46340326340326343],
  ];
  it.each(cases)('%j vs %j: U=%d, p=%d as SciPy', (x, y, u, p) => {
    const r = mannWhitney(x, y);
    expect(r.method).toBe('exact');
    expect(r.u).toBe(u);
    expect(r.p).toBeCloseTo(p, 12);
  });

  it('counts U out: 3 vs 3 gives the 20 arrangements 1,1,2,3,3,3,3,2,1,1', () => {
    expect(uDistribution(3, 3)).toEqual([1, 1, 2, 3, 3, 3, 3, 2, 1, 1]);
    const d = uDistribution(10, 12);
    expect(d.reduce((s, c) => s + c, 0)).toBe(646646); // C(22, 10)
  });

  it('is symmetric in its samples apart from U', () => {
    const a = mannWhitney([19, 22, 16, 29, 24], [20, 11, 17, 12]);
    const b = mannWhitney([20, 11, 17, 12], [19, 22, 16, 29, 24]);
    expect(b.p).toBe(a.p);
    expect(a.u + b.u).toBe(20);
  });
});

describe('Mann–Whitney U, normal approximation (ties or large samples)', () => {
  const cases: Array<[number[], number[], number, number]> = [
    [[19, 22, 16, 29, 24], [19, 20, 11, 17, 12], 20.5, 0.11607394330990008],
    [[1, 2, 2, 3, 3, 3], [3, 4, 4, 5, 5, 6], 1.5, 0.008732768512539242],
    [[100, 100, 101, 102, 99, 98, 100, 103, 97, 100, 101, 99], [104, 105, 103, 106, 100, 107, 104, 108, 105, 103], 7, 0.00048403025295956707],
    [[1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3, 2.01], [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29, 0.45], 75, 0.06382218419183608],
  ];
  it.each(cases)('%j vs %j: U=%d, p=%d as SciPy', (x, y, u, p) => {
    const r = mannWhitney(x, y);
    expect(r.method).toBe('normal');
    expect(r.ties).toBe(true);
    expect(r.u).toBe(u);
    expect(r.p).toBeCloseTo(p, 6);
  });

  it('uses the approximation past 50 values a side, without ties too', () => {
    const x = Array.from({ length: 60 }, (_, i) => 2 * i);
    const y = Array.from({ length: 55 }, (_, i) => 2 * i + 10.5);
    const r = mannWhitney(x, y);
    expect(r.method).toBe('normal');
    expect(r.ties).toBe(false);
    expect(r.u).toBe(1485);
    expect(r.p).toBeCloseTo(0.3570383247916088, 6);
  });

  it('gives p = 1 when every value is equal', () => {
    const r = mannWhitney([1, 1, 1], [1, 1, 1]);
    expect(r.u).toBe(4.5);
    expect(r.p).toBe(1);
    expect(r.significant).toBe(false);
  });

  it('erfc matches known values in the tail', () => {
    expect(erfc(0)).toBeCloseTo(1, 7);
    expect(erfc(1) / 0.15729920705028513).toBeCloseTo(1, 6);
    expect(erfc(4) / 1.541725790028002e-8).toBeCloseTo(1, 6);
    expect(erfc(-1)).toBeCloseTo(1.8427007929497148, 7);
  });
});

describe('whether the sizes let the test say anything', () => {
  it('3 vs 3 cannot reach α = 0.05 however far apart the trials are, and says so', () => {
    const r = mannWhitney([1, 2, 3], [100, 200, 300]);
    expect(r.p).toBeCloseTo(0.1, 12);
    expect(r.minP).toBeCloseTo(0.1, 12);
    expect(r.canReachAlpha).toBe(false);
    expect(r.significant).toBe(false);
    expect(r.note).toContain('smallest p these sizes allow is 0.100');
    expect(r.note).toContain('4+ trials a side');
  });

  it('4 vs 4 can, and completely separated trials do', () => {
    const r = mannWhitney([1, 2, 3, 4], [10, 20, 30, 40]);
    expect(r.canReachAlpha).toBe(true);
    expect(r.significant).toBe(true);
    expect(r.note).toMatch(/^p=0\.029 n=4\+4 \(exact\): significant/);
  });

  it('knows the smallest p of a few sizes', () => {
    expect(smallestTwoSidedP(1, 1)).toBe(1);
    expect(smallestTwoSidedP(3, 3)).toBeCloseTo(0.1, 12);
    expect(smallestTwoSidedP(3, 5)).toBeCloseTo(2 / 56, 12);
    expect(smallestTwoSidedP(5, 5)).toBeCloseTo(2 / 252, 12);
    expect(trialsNeededFor(0.05)).toBe(4);
    expect(trialsNeededFor(0.01)).toBe(5);
  });

  it('refuses empty samples and non-numbers with a message', () => {
    expect(() => mannWhitney([], [1])).toThrow(/at least one value on each side/);
    expect(() => mannWhitney([1, Number.NaN], [1])).toThrow(/not a finite number/);
  });
});
