/**
 * The report's concurrency sweeps: the groups of a sweep (tagged `sweep`, one per level) gathered into one table of
 * level × system (throughput, p99, CPU per operation, memory per connection or request in flight, the load side's
 * CPU) and one chart. Pure. Called by the markdown report (renderSweeps) and the chart data (sweepsOf, sweepPoints).
 */
import { markdownTable } from 'markdown-table';
import { median } from 'simple-statistics';
import { formatBytes } from '../../scenarios/url-fetch.ts';
import type { CellResult, GroupResult, RunReport } from '../results.ts';
import { relativeHalfWidth } from '../stats/median-interval.ts';
import type { SweepLevel } from '../sweep/types.ts';
import type { SweepPoint } from './charts/sweeps.ts';
import { chartMarkdown, type ChartFile } from './charts/link.ts';
import { hasQuotableFigures, LOAD_SATURATED_PERCENT, loadCpuOf, measuredTrials, summarizeCell } from './summary.ts';

/** At or above this, the load side may have been the limit at that level (as markdown.ts says of a group). */

export interface Sweep {
  /** `echo-1024`: also the chart's file name (sweep-echo-1024.svg). */
  id: string;
  kind: SweepLevel['kind'];
  size: number;
  title: string;
  unit: string;
  /** What a level counts, in the table's words. */
  levelName: string;
  levels: Array<{ level: number; group: GroupResult }>;
}

/** The run's sweeps, in the order their first level appears, each ascending by level. */
export function sweepsOf(report: RunReport): Sweep[] {
  const byId = new Map<string, Sweep>();
  for (const group of report.groups) {
    const tag = group.setup.sweep;
    if (!tag) continue;
    const id = `${tag.kind}-${tag.size}`;
    let sweep = byId.get(id);
    if (!sweep) {
      const echo = tag.kind === 'echo';
      sweep = {
        id,
        kind: tag.kind,
        size: tag.size,
        title: `Concurrency sweep — ${echo ? `echo, ${formatBytes(tag.size)} messages` : `url-fetch, ${formatBytes(tag.size)} bodies`}`,
        unit: echo ? 'msgs/s' : 'URLs/s',
        levelName: echo ? 'connections' : 'in flight',
        levels: [],
      };
      byId.set(id, sweep);
    }
    sweep.levels.push({ level: tag.level, group });
  }
  const sweeps = [...byId.values()];
  for (const s of sweeps) s.levels.sort((a, b) => a.level - b.level);
  return sweeps;
}

/** The chart's points: one per level and system with quotable figures. */
export function sweepPoints(sweep: Sweep): SweepPoint[] {
  return sweep.levels.flatMap(({ level, group }) =>
    group.cells.flatMap((cell) => {
      const s = hasQuotableFigures(cell) ? summarizeCell(cell) : undefined;
      if (!s || !(s.opsPerSec > 0)) return [];
      const interval = s.interval.method === 'not-computable' ? {} : { opsLow: s.interval.low, opsHigh: s.interval.high };
      return [{ system: cell.style, connections: level, opsPerSec: s.opsPerSec, p99Ms: Math.max(s.p99, 0.001), ...interval }];
    }),
  );
}

export interface MemoryPerUnit {
  /** The host's RSS idle before the level, MiB. */
  idleRssMiB: number;
  /** Peak RSS under the level − idle RSS, MiB, in all: median across trials. */
  rssMiB: number;
  /** That divided by the level, KiB. */
  rssKiB: number;
  /** Least heap in the middle of a trial − heap idle after a collection, MiB in all; null without a heap. */
  heapMiB: number | null;
  heapKiB: number | null;
}

/**
 * Changes in all smaller than these are within what V8 and malloc give back and take again lazily (a host's RSS under
 * one connection fell 10 MiB below its idle figure): they are shown as *below noise*, not divided by the level.
 */
export const MEMORY_NOISE_MIB = { rss: 8, heap: 2 } as const;

/** A cell's memory per connection (or request in flight) at `level`, from its measured trials. */
export function memoryPerUnit(cell: CellResult, level: number): MemoryPerUnit | undefined {
  const memories = measuredTrials(cell).flatMap((t) => (t.memory ? [t.memory] : []));
  if (memories.length === 0) return undefined;
  const heaps = memories.flatMap((m) => (m.idleHeapMiB !== null && m.heapLeastMiB !== null ? [m.heapLeastMiB - m.idleHeapMiB] : []));
  const rssMiB = median(memories.map((m) => m.peakRssMiB - m.idleRssMiB));
  const heapMiB = heaps.length > 0 ? median(heaps) : null;
  return {
    idleRssMiB: median(memories.map((m) => m.idleRssMiB)),
    rssMiB,
    rssKiB: (rssMiB * 1024) / level,
    heapMiB,
    heapKiB: heapMiB === null ? null : (heapMiB * 1024) / level,
  };
}

/** A per-unit figure, or *below noise* when the change in all is too small to divide. */
function perUnit(totalMiB: number, perUnitKiB: number, floorMiB: number): string {
  return totalMiB < floorMiB ? '*below noise*' : kib(perUnitKiB);
}

const num = (v: number, digits = 0): string => v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (v: number): string => (v >= 100 ? num(v, 0) : v >= 10 ? num(v, 1) : num(v, 2));
const kib = (v: number): string => num(v, Math.abs(v) < 10 ? 2 : Math.abs(v) < 100 ? 1 : 0);

function resultCell(cell: CellResult): string {
  if (cell.state === 'completed') return 'ok';
  return cell.state === 'load-failed' ? '*load side failed*' : `**${cell.state}**`;
}

function sweepRow(level: number, cell: CellResult): string[] {
  const s = hasQuotableFigures(cell) ? summarizeCell(cell) : undefined;
  const load = loadCpuOf(cell);
  const loadCell = load === undefined ? '—' : `${num(load)}${load >= LOAD_SATURATED_PERCENT ? ' (saturated)' : ''}`;
  if (!s) return [num(level), cell.style, resultCell(cell), '—', '—', '—', '—', '—', '—', loadCell];
  const half = relativeHalfWidth(s.interval);
  const mem = memoryPerUnit(cell, level);
  return [
    num(level),
    cell.style,
    resultCell(cell),
    `${num(s.opsPerSec)} ${half === undefined ? '±?' : `±${num(half * 100)}%`}`,
    ms(s.p99),
    num(s.cpuUsPerOp, s.cpuUsPerOp < 10 ? 2 : 1),
    mem ? num(mem.idleRssMiB, 1) : '—',
    mem ? perUnit(mem.rssMiB, mem.rssKiB, MEMORY_NOISE_MIB.rss) : '—',
    mem?.heapMiB != null && mem.heapKiB !== null ? perUnit(mem.heapMiB, mem.heapKiB, MEMORY_NOISE_MIB.heap) : mem ? 'n/a' : '—',
    loadCell,
  ];
}

/** What the report says of the file-descriptor limit, when the run had sweep levels. */
function fdLimitLines(report: RunReport): string[] {
  const fd = report.meta.fdLimit;
  if (!fd) return [];
  if (fd.problem) return [`> **File descriptors**: ${fd.problem} Levels that need more were not served (their rows say so).`, ''];
  const raised = fd.raisedFrom !== undefined ? `raised from ${num(fd.raisedFrom)} to ${num(fd.soft)}` : `${num(fd.soft)}, enough`;
  return [`File descriptors: the testbed's soft limit (inherited by every process it starts) was ${raised} for the highest level's ${num(fd.needed)} (hard limit ${num(fd.hard)}).`, ''];
}

function sweepSection(sweep: Sweep, charts: readonly ChartFile[]): string[] {
  const per = sweep.kind === 'echo' ? 'per connection' : 'per request in flight';
  const header = [sweep.levelName, 'row', 'result', `${sweep.unit} (95% CI)`, 'p99 ms', 'CPU µs/op', 'idle RSS MiB', `RSS KiB ${per}`, `heap KiB ${per}`, `${sweep.kind === 'echo' ? 'load generator' : 'target server'} CPU %`];
  const rows = sweep.levels.flatMap(({ level, group }) => group.cells.map((cell) => sweepRow(level, cell)));
  const chart = charts.filter((c) => c.path.endsWith(`/sweep-${sweep.id}.svg`)).map(chartMarkdown);
  return [
    `## ${sweep.title}`,
    '',
    `Each level is a group of its own: every row's process started afresh, measured idle (its ${sweep.kind === 'echo' ? 'server listening' : 'client ready'}, ` +
      'before the warm-up), then under the level. *RSS* is the peak resident set size during each trial less the idle one, read through /proc ' +
      'for every row, references included; *heap* (styles only: n/a for a Python reference) is the least V8 heap used in samples every 50 ms ' +
      `in the middle of each trial (the connections open, the least garbage) less the heap idle after a full collection. Both are divided by the level, medians across trials; ` +
      `a change of less than ${MEMORY_NOISE_MIB.rss} MiB of RSS or ${MEMORY_NOISE_MIB.heap} MiB of heap in all, or a fall, is *below noise* (V8 and malloc give memory back and take it again lazily) rather than a figure. ` +
      'At low levels they are mostly one-time costs (compiled code, buffers), so read them at the high ones. The last column is the load side\'s CPU, median per trial: ' +
      `at ≥ ${LOAD_SATURATED_PERCENT}% of its core it may have been the limit, and that level's throughputs are lower bounds.`,
    '',
    markdownTable([header, ...rows], { align: ['r', 'l', 'l', ...Array<'r'>(header.length - 3).fill('r')] }),
    '',
    ...(chart.length > 0 ? [...chart, ''] : []),
  ];
}

export function renderSweeps(report: RunReport, charts: readonly ChartFile[]): string[] {
  const sweeps = sweepsOf(report);
  if (sweeps.length === 0) return [];
  return [...fdLimitLines(report), ...sweeps.flatMap((s) => sweepSection(s, charts))];
}
