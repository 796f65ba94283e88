/**
 * Chart (b): latency percentile curves per system for one scenario group, on the usual "nines" axis (50%, 90%, 99%,
 * 99.9%… equally spaced, i.e. x = log10(1 / (1 − p))). Each curve is the median across trials at each percentile;
 * its last point is the slowest operation of all trials, placed where it belongs, at 1 − 1/(operations). A percentile
 * is drawn only if every trial had more operations than it takes to have one (p99.9 needs over 1,000).
 * The points come from the LatencySummary each trial carries; a trial that also carries its HdrHistogram
 * (`latencyHistogram`, compressed base64 of microseconds, as LatencyRecorder records) gives a finer curve.
 */
import * as hdr from 'hdr-histogram-js';
import { median } from 'simple-statistics';
import type { TopLevelSpec } from 'vega-lite';
import type { CellResult, GroupResult, Trial } from '../../results.ts';
import { hasQuotableFigures, measuredTrials } from '../summary.ts';
import { KIND_LABEL, distinct, kindDash, kindOf, seriesColour, seriesLabel } from './series.ts';

/** A trial that kept its whole latency histogram (a field the runner may add; the summary suffices without it). */
export type TrialWithHistogram = Trial & { latencyHistogram?: string };

export interface LatencyPoint {
  series: string;
  kind: string;
  /** log10(1 / (1 − p)): 0.301 for p50, 1 for p90, 2 for p99… */
  nines: number;
  ms: number;
  /** 'p99', or 'max'. */
  at: string;
}

const SUMMARY_PERCENTILES: ReadonlyArray<[number, keyof Trial['latency']]> = [[50, 'p50'], [90, 'p90'], [99, 'p99'], [99.9, 'p999']];
const HISTOGRAM_PERCENTILES = [50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.995, 99.999];

const nines = (percentile: number): number => Math.log10(100 / (100 - percentile));
const label = (percentile: number): string => `p${percentile}`;

/** Per trial: latency (ms) at each percentile, plus its count and max. */
function trialCurves(trials: readonly TrialWithHistogram[]): Array<{ at: Map<number, number>; count: number; max: number }> {
  const all = trials.every((t) => typeof t.latencyHistogram === 'string');
  return trials.map((t) => {
    if (all) {
      const h = hdr.decodeFromCompressedBase64(t.latencyHistogram!, 'packed', false);
      const at = new Map(HISTOGRAM_PERCENTILES.map((p) => [p, h.getValueAtPercentile(p) / 1000]));
      const curve = { at, count: h.totalCount, max: h.maxValue / 1000 };
      h.destroy();
      return curve;
    }
    return { at: new Map(SUMMARY_PERCENTILES.map(([p, key]) => [p, t.latency[key]])), count: t.latency.count, max: t.latency.max };
  });
}

export function latencyPoints(cell: CellResult): LatencyPoint[] {
  if (!hasQuotableFigures(cell)) return [];
  const curves = trialCurves(measuredTrials(cell) as TrialWithHistogram[]);
  const fewest = Math.min(...curves.map((c) => c.count));
  const total = curves.reduce((s, c) => s + c.count, 0);
  if (fewest <= 0) return [];
  const series = seriesLabel(cell.style);
  const kind = KIND_LABEL[kindOf(cell.style)];
  const points: LatencyPoint[] = [];
  for (const p of curves[0]!.at.keys()) {
    // A trial of N operations has percentiles below 1 − 1/N only; beyond that a "percentile" is its max again.
    if (nines(p) >= Math.log10(fewest) - 1e-9) continue;
    points.push({ series, kind, nines: nines(p), ms: median(curves.map((c) => c.at.get(p)!)), at: label(p) });
  }
  points.push({ series, kind, nines: Math.log10(total), ms: Math.max(...curves.map((c) => c.max)), at: 'max' });
  return points.filter((pt) => pt.ms > 0);
}

export function latencySpec(group: GroupResult): TopLevelSpec {
  const cells = group.cells.filter(hasQuotableFigures);
  const points = cells.flatMap(latencyPoints);
  const systems = distinct(cells.map((c) => c.style));
  const top = Math.max(...points.map((p) => p.nines), 3);
  const ticks = Array.from({ length: Math.ceil(top) + 1 }, (_, i) => (i === 0 ? nines(50) : i)).filter((t) => t <= top + 0.01);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: `Latency percentiles — ${group.title}`,
      subtitle: [
        'Median across trials at each percentile; the last point of each line is the slowest operation of all trials,',
        'placed at 1 − 1/(operations). Latency of one operation (one URL, or one message round trip).',
      ],
    },
    width: 520,
    height: 300,
    data: { values: points },
    mark: { type: 'line', point: { size: 36, filled: true }, strokeWidth: 2 },
    encoding: {
      x: {
        field: 'nines',
        type: 'quantitative',
        title: 'percentile of operations (log scale of 1/(1 − p))',
        scale: { domain: [nines(50), top + 0.1], nice: false },
        axis: { values: ticks, labelExpr: "datum.value < 0.5 ? '50%' : format(100 - 100 / pow(10, datum.value), '.6~f') + '%'", grid: true },
      },
      y: { field: 'ms', type: 'quantitative', title: 'latency (ms, log scale)', scale: { type: 'log' }, axis: { format: '~g' } },
      color: seriesColour(systems),
      strokeDash: kindDash(systems),
    },
  } as TopLevelSpec;
}

export function latencyAlt(group: GroupResult): string {
  const parts = group.cells.filter(hasQuotableFigures).map((cell) => {
    const pts = latencyPoints(cell);
    return `${seriesLabel(cell.style)}: ${pts.map((p) => `${p.at} ${p.ms.toPrecision(3)} ms`).join(', ')}`;
  });
  return `Line chart of latency percentiles per system for ${group.title}. ${parts.join('; ')}.`;
}
