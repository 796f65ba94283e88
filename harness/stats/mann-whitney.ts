/**
 * The Mann–Whitney U test (two-sided), as benchstat uses it to say whether two sets of trials differ: rank-based, so
 * it assumes nothing about the distribution of a trial's figure. The p-value is exact (the U distribution counted
 * out) when there are no ties and both samples have at most 50 values; otherwise it is the normal approximation with
 * the tie correction to the variance and a continuity correction, as SciPy's `mannwhitneyu(method='asymptotic')`.
 * (benchstat also counts an exact distribution with ties up to 25 values; this does not.)
 *
 * Just as important as p is whether p could have been small: with 3 trials against 3 the most extreme arrangement
 * has p = 2 / C(6, 3) = 0.1, so no difference, however large, reaches α = 0.05. `canReachAlpha` says so.
 */
import { normalUpperTail } from './normal.ts';

/** Largest sample (each side) whose exact distribution is counted out; beyond it the normal approximation is close. */
export const EXACT_LIMIT = 50;

export interface MannWhitneyResult {
  /** U of the first sample: pairs (x, y) with x > y, ties counting one half (SciPy's U1). */
  u: number;
  /** Two-sided p-value. */
  p: number;
  method: 'exact' | 'normal';
  n: [number, number];
  ties: boolean;
  alpha: number;
  /** The smallest two-sided p that samples of these sizes can give at all: 2 / C(n1 + n2, n1). */
  minP: number;
  /** Whether `minP` ≤ `alpha`: if not, the test cannot call any difference significant. */
  canReachAlpha: boolean;
  /** p ≤ alpha. */
  significant: boolean;
  /** One sentence for a reader. */
  note: string;
}

/** log C(n, k). */
function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
  return s;
}

/** 2 / C(n1 + n2, n1), capped at 1. */
export function smallestTwoSidedP(n1: number, n2: number): number {
  if (n1 === 0 || n2 === 0) return 1;
  return Math.min(1, 2 * Math.exp(-logChoose(n1 + n2, Math.min(n1, n2))));
}

/** The fewest trials a side (both sides equal) for which a two-sided test can reach `alpha`. */
export function trialsNeededFor(alpha: number): number {
  let n = 1;
  while (smallestTwoSidedP(n, n) > alpha && n < 1000) n++;
  return n;
}

/**
 * Counts of each U value (0..n1·n2) over all C(n1 + n2, n1) arrangements without ties, by the recurrence
 * N(i, j, u) = N(i-1, j, u-j) + N(i, j-1, u): the largest value belongs to either sample. Only additions of positive
 * counts, so the small tail counts stay exact.
 */
export function uDistribution(n1: number, n2: number): number[] {
  // prev[j] = counts for (i - 1, j); cur[j] = counts for (i, j).
  let prev: number[][] = Array.from({ length: n2 + 1 }, () => [1]);
  for (let i = 1; i <= n1; i++) {
    const cur: number[][] = [[1]];
    for (let j = 1; j <= n2; j++) {
      const size = i * j + 1;
      const counts = new Array<number>(size).fill(0);
      const fromLeft = prev[j]!; // (i-1, j): shift by j
      for (let u = 0; u < fromLeft.length; u++) counts[u + j]! += fromLeft[u]!;
      const fromUp = cur[j - 1]!; // (i, j-1)
      for (let u = 0; u < fromUp.length; u++) counts[u]! += fromUp[u]!;
      cur.push(counts);
    }
    prev = cur;
  }
  return prev[n2]!;
}

function ranksWithTies(values: readonly number[]): { ranks: number[]; tieGroups: number[] } {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const ranks = new Array<number>(values.length);
  const tieGroups: number[] = [];
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.v === order[start]!.v) end++;
    const mid = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[order[k]!.i] = mid;
    if (end > start) tieGroups.push(end - start + 1);
    start = end + 1;
  }
  return { ranks, tieGroups };
}

function fmtP(p: number): string {
  return p >= 0.001 ? p.toFixed(3) : p.toExponential(1);
}

export function mannWhitney(x: readonly number[], y: readonly number[], options: { alpha?: number } = {}): MannWhitneyResult {
  const alpha = options.alpha ?? 0.05;
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) throw new RangeError('the Mann–Whitney test needs at least one value on each side');
  for (const v of [...x, ...y]) if (!Number.isFinite(v)) throw new RangeError(`not a finite number: ${v}`);
  const { ranks, tieGroups } = ranksWithTies([...x, ...y]);
  const r1 = ranks.slice(0, n1).reduce((s, r) => s + r, 0);
  const u = r1 - (n1 * (n1 + 1)) / 2;
  const ties = tieGroups.length > 0;
  const minP = smallestTwoSidedP(n1, n2);
  const uSmall = Math.min(u, n1 * n2 - u);
  let p: number;
  let method: MannWhitneyResult['method'];
  if (!ties && n1 <= EXACT_LIMIT && n2 <= EXACT_LIMIT) {
    method = 'exact';
    const counts = uDistribution(n1, n2);
    const total = counts.reduce((s, c) => s + c, 0);
    let below = 0;
    for (let k = 0; k <= uSmall; k++) below += counts[k]!;
    p = Math.min(1, (2 * below) / total);
  } else {
    method = 'normal';
    const n = n1 + n2;
    const tieTerm = tieGroups.reduce((s, t) => s + (t * t * t - t), 0) / (n * (n - 1));
    const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm));
    // Every value equal: U sits at its mean and nothing can be said.
    p = sigma === 0 ? 1 : Math.min(1, 2 * normalUpperTail((Math.max(u, n1 * n2 - u) - (n1 * n2) / 2 - 0.5) / sigma));
  }
  const canReachAlpha = minP <= alpha;
  const significant = p <= alpha;
  const sizes = `n=${n1}+${n2}`;
  const note = !canReachAlpha
    ? `${sizes}: the smallest p these sizes allow is ${fmtP(minP)}, above α=${alpha}, so no difference can be called significant; ${trialsNeededFor(alpha)}+ trials a side are needed`
    : `p=${fmtP(p)} ${sizes} (${method === 'exact' ? 'exact' : 'normal approximation'}): ${significant ? 'significant' : 'not significant'} at α=${alpha}`;
  return { u, p, method, n: [n1, n2], ties, alpha, minP, canReachAlpha, significant, note };
}
