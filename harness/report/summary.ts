/**
 * Reduces a cell's trials to the figures a report quotes: medians across trials (the machine is noisy; a median
 * resists one disturbed trial), the spread of throughput, and the ratio to raw in the same group. Only measured,
 * valid trials make figures; a trial flagged invalid (or a kept warm-up) is evidence, not a figure.
 */
import { max, median, min } from 'simple-statistics';
import type { CellResult, GroupResult, Trial } from '../results.ts';

export interface CellSummary {
  trials: number;
  opsPerSec: number;
  mibPerSec: number;
  /** (max - min) / median of throughput across trials, as a fraction. */
  spread: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  cpuPercent: number;
  peakRssMiB: number;
  loopDelayP99Ms: number;
  errors: Record<string, number>;
}

const med = (trials: Trial[], pick: (t: Trial) => number): number => median(trials.map(pick));

/** The trials whose figures may be quoted. */
export function measuredTrials(cell: CellResult): Trial[] {
  return cell.trials.filter((t) => !t.invalid && !t.warmup);
}

export function summarizeCell(cell: CellResult): CellSummary | undefined {
  const trials = measuredTrials(cell);
  if (trials.length === 0) return undefined;
  const ops = trials.map((t) => t.opsPerSec);
  const opsMedian = median(ops);
  const errors: Record<string, number> = {};
  for (const t of trials) for (const [code, n] of Object.entries(t.errors)) errors[code] = (errors[code] ?? 0) + (n ?? 0);
  return {
    trials: trials.length,
    opsPerSec: opsMedian,
    mibPerSec: med(trials, (t) => t.mibPerSec),
    spread: opsMedian > 0 ? (max(ops) - min(ops)) / opsMedian : 0,
    p50: med(trials, (t) => t.latency.p50),
    p90: med(trials, (t) => t.latency.p90),
    p99: med(trials, (t) => t.latency.p99),
    p999: med(trials, (t) => t.latency.p999),
    max: max(trials.map((t) => t.latency.max)),
    cpuPercent: med(trials, (t) => t.process.cpuPercent),
    peakRssMiB: max(trials.map((t) => t.process.peakRssMiB)),
    loopDelayP99Ms: med(trials, (t) => t.process.loopDelayP99Ms),
    errors,
  };
}

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

/** Throughput of each style as a fraction of raw's in the same group, when both have figures. */
export function ratioToRaw(group: GroupResult, cell: CellResult): number | undefined {
  const raw = group.cells.find((c) => c.style === 'raw');
  if (!raw || !hasQuotableFigures(raw) || !hasQuotableFigures(cell)) return undefined;
  const base = summarizeCell(raw)?.opsPerSec;
  const mine = summarizeCell(cell)?.opsPerSec;
  return base && mine !== undefined ? mine / base : undefined;
}
