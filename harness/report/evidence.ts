/**
 * What the findings and the claims read from a report, so that both quote the same figures the same way: two cells'
 * trials compared beyond noise or not (harness/stats), the fault rows of a set of systems tallied, number formats.
 * Pure; for harness/report/ only.
 */
import { median } from 'simple-statistics';
import type { FaultCaseId } from '../../impls/contract.ts';
import type { FaultMatrixRow } from '../faults/matrix.ts';
import { compareIntervals } from '../stats/difference.ts';
import { medianInterval } from '../stats/median-interval.ts';
import type { CellResult, GroupResult, RunReport, Trial } from '../results.ts';
import { hasQuotableFigures, measuredTrials } from './summary.ts';

export const num = (v: number, digits = 0): string => v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const msText = (v: number): string => `${v >= 100 ? num(v) : v >= 10 ? num(v, 1) : num(v, 2)} ms`;
export const plural = (n: number, one: string, many = `${one}s`): string => `${num(n)} ${n === 1 ? one : many}`;

/** Two figures compared: medians, and whether their 95% intervals across trials overlap. */
export interface Comparison {
  a: number;
  b: number;
  noise: 'apart' | 'within-noise' | 'unknown';
  /** Fewest trials on a side, for the reader when there is no interval. */
  trials: number;
}

export function compareFigures(a: readonly number[], b: readonly number[]): Comparison {
  const ia = medianInterval(a);
  const ib = medianInterval(b);
  return { a: ia.median, b: ib.median, noise: compareIntervals(ia, ib).verdict, trials: Math.min(a.length, b.length) };
}

/** `beyond noise`, `within noise`, or why that cannot be said. */
export function noiseWords(c: Comparison): string {
  if (c.noise === 'apart') return 'beyond noise (the 95% intervals do not overlap)';
  if (c.noise === 'within-noise') return 'within noise (the 95% intervals overlap)';
  return `noise unknown (${plural(c.trials, 'trial')} a side: no interval below 3)`;
}

/** Whether b is below a (-1), above it (1), or cannot be told from it (0): equal medians, or overlapping intervals. */
export function direction(c: Comparison): -1 | 0 | 1 {
  if (c.noise === 'within-noise' || c.b === c.a) return 0;
  return c.b < c.a ? -1 : 1;
}

/** A figure of every quotable trial of a cell, leaving out trials that lack it. */
export function trialFigures(cell: CellResult, pick: (t: Trial) => number | null): number[] {
  if (!hasQuotableFigures(cell)) return [];
  return measuredTrials(cell)
    .map(pick)
    .filter((v): v is number => v !== null && Number.isFinite(v));
}

export const medianOf = (values: readonly number[]): number => median([...values]);

/** The cpu group run in `mode`, if the run has one. */
export function cpuGroup(report: RunReport, mode: 'inline' | 'offload'): GroupResult | undefined {
  return report.groups.find((g) => g.setup.scenario === 'cpu' && g.setup.params.mode === mode);
}

/** The fault rows (that ran) of these systems, in these cases when given. */
export function faultRowsOf(report: RunReport, systems: readonly string[], cases?: readonly FaultCaseId[]): FaultMatrixRow[] {
  return (report.faults?.rows ?? []).filter((r) => !r.row.unsupported && systems.includes(r.system) && (!cases || cases.includes(r.case)));
}

export interface FaultTally {
  rows: number;
  injected: number;
  reached: number;
  onlyLogged: number;
  vanished: number;
  hung: number;
  crashed: number;
}

export function tally(rows: readonly FaultMatrixRow[]): FaultTally {
  const t: FaultTally = { rows: rows.length, injected: 0, reached: 0, onlyLogged: 0, vanished: 0, hung: 0, crashed: 0 };
  for (const { row } of rows) {
    t.injected += row.errors.injected;
    t.reached += row.errors.reachedCaller;
    t.onlyLogged += row.errors.onlyLogged;
    t.vanished += row.errors.vanished;
    if (row.callerHung) t.hung++;
    if (!row.processAlive) t.crashed++;
  }
  return t;
}

/** "3 of 5 injected errors reached the caller, 1 was only logged, 1 vanished; callers hung in 2 rows". */
export function tallyWords(t: FaultTally): string {
  const parts = [`${num(t.reached)} of ${plural(t.injected, 'injected error')} reached the caller`, `${num(t.onlyLogged)} ${t.onlyLogged === 1 ? 'was' : 'were'} only logged`, `${num(t.vanished)} vanished`];
  const ends = [t.hung > 0 ? `the caller hung in ${plural(t.hung, 'row')}` : '', t.crashed > 0 ? `the process died in ${plural(t.crashed, 'row')}` : ''].filter(Boolean);
  return `${parts.join(', ')}${ends.length ? `; ${ends.join(', ')}` : ''} (${plural(t.rows, 'row')})`;
}

/** The systems of a tally, in the order the matrix lists them. */
export function systemsIn(rows: readonly FaultMatrixRow[]): string[] {
  return [...new Set(rows.map((r) => r.system))];
}
