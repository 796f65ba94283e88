/**
 * Reduces a cell's trials to the figures a report quotes: medians across trials (the machine is noisy; a median
 * resists one disturbed trial) with the 95% interval of the throughput's median, the CPU each operation cost the
 * process under test, and ratios to other rows of the same group (raw, a style's namesake) with their own
 * intervals. Only measured, valid trials make figures; a trial flagged invalid (or a kept warm-up) is evidence,
 * not a figure.
 */
import { max, median } from 'simple-statistics';
import { ratioOfMedians, type RatioInterval } from '../stats/difference.ts';
import { medianInterval, type MedianInterval } from '../stats/median-interval.ts';
import type { CellResult, GroupResult, Trial } from '../results.ts';

export interface CellSummary {
  trials: number;
  opsPerSec: number;
  /** The 95% interval of the throughput's median (harness/stats): none below 3 trials, approximate below 6. */
  interval: MedianInterval;
  mibPerSec: number;
  /** CPU (user + system) of the process under test per operation, µs: its cost, whoever was the limit. */
  cpuUsPerOp: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  cpuPercent: number;
  peakRssMiB: number;
  /** null for a process whose loop cannot be seen (a Python reference, measured from outside). */
  loopDelayP99Ms: number | null;
  /** The worker pool's use, 0..1, for an offloaded cpu trial; null elsewhere. */
  poolUse: number | null;
  errors: Record<string, number>;
}

const med = (trials: Trial[], pick: (t: Trial) => number): number => median(trials.map(pick));

/** The median of a figure some processes cannot report; null when none of the trials has it. */
function medOrNull(trials: Trial[], pick: (t: Trial) => number | null): number | null {
  const values = trials.map(pick).filter((v): v is number => v !== null);
  return values.length > 0 ? median(values) : null;
}

/** CPU µs per operation of one trial; a trial with no operation cost whatever it cost. */
export const cpuUsPerOp = (t: Trial): number => ((t.process.cpuUserMs + t.process.cpuSystemMs) * 1000) / Math.max(1, t.operations);

/** The trials whose figures may be quoted. */
export function measuredTrials(cell: CellResult): Trial[] {
  return cell.trials.filter((t) => !t.invalid && !t.warmup);
}

export function summarizeCell(cell: CellResult): CellSummary | undefined {
  const trials = measuredTrials(cell);
  if (trials.length === 0) return undefined;
  const interval = medianInterval(trials.map((t) => t.opsPerSec));
  const errors: Record<string, number> = {};
  for (const t of trials) for (const [code, n] of Object.entries(t.errors)) errors[code] = (errors[code] ?? 0) + (n ?? 0);
  return {
    trials: trials.length,
    opsPerSec: interval.median,
    interval,
    mibPerSec: med(trials, (t) => t.mibPerSec),
    cpuUsPerOp: med(trials, cpuUsPerOp),
    p50: med(trials, (t) => t.latency.p50),
    p90: med(trials, (t) => t.latency.p90),
    p99: med(trials, (t) => t.latency.p99),
    p999: med(trials, (t) => t.latency.p999),
    max: max(trials.map((t) => t.latency.max)),
    cpuPercent: med(trials, (t) => t.process.cpuPercent),
    peakRssMiB: max(trials.map((t) => t.process.peakRssMiB)),
    loopDelayP99Ms: medOrNull(trials, (t) => t.process.loopDelayP99Ms),
    poolUse: medOrNull(trials, (t) => ('pool' in t && t.pool ? t.pool.utilization : null)),
    errors,
  };
}

/** At this share of its core (median per trial), the load side may have been the limit: throughputs are lower bounds. */
export const LOAD_SATURATED_PERCENT = 90;

/**
 * The load side's median CPU (echo load generator or target server) over every trial that sampled it, invalid ones
 * included: however the style fared, the figure says whether the load side was near its limit.
 */
export function loadCpuOf(cell: CellResult): number | undefined {
  const samples = cell.trials.flatMap((t) => (t.load ? [t.load.cpuPercent] : []));
  return samples.length > 0 ? median(samples) : undefined;
}

/**
 * Whether a cell's figures can be quoted: a completed cell's, and for the trials it finished, one cut short by an
 * interrupt or by its load side. A cell that crashed, hung or returned wrong data has no figures worth comparing.
 */
export function hasQuotableFigures(cell: CellResult): boolean {
  return (cell.state === 'completed' || cell.state === 'aborted' || cell.state === 'load-failed') && measuredTrials(cell).length > 0;
}

/** A cell's throughput as a fraction of another row's in the same group (raw, its namesake), with its interval. */
export function ratioTo(group: GroupResult, cell: CellResult, base: string): RatioInterval | undefined {
  const other = group.cells.find((c) => c.style === base);
  if (!other || !hasQuotableFigures(other) || !hasQuotableFigures(cell)) return undefined;
  const ops = (c: CellResult): number[] => measuredTrials(c).map((t) => t.opsPerSec);
  return ratioOfMedians(ops(cell), ops(other));
}

/** Throughput as a fraction of raw's in the same group, when both have figures. */
export function ratioToRaw(group: GroupResult, cell: CellResult): number | undefined {
  return ratioTo(group, cell, 'raw')?.ratio;
}

/** Whether a ratio's interval holds 1.0 (the two rows cannot be told apart), or undefined when it has none. */
export function withinNoise(ratio: RatioInterval): boolean | undefined {
  return ratio.method === 'not-computable' ? undefined : ratio.low <= 1 && ratio.high >= 1;
}
