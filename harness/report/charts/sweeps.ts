/**
 * Charts (d) and (e): whoever runs them hands over plain arrays of points.
 * (d) a concurrency sweep: throughput and p99 latency against the number of connections (log axis);
 * (e) CPU work done inline on the event loop against the same work offloaded (a worker pool): throughput, p99 and
 *     event-loop delay against the CPU time each request costs (log axis), or, for one amount of work, against
 *     where it ran.
 * Each is one SVG of side-by-side panels sharing one legend.
 */
import type { TopLevelSpec } from 'vega-lite';
import { SI_AXIS_LABELS } from './render.ts';
import { DASH_LEGEND, KIND_LABEL, distinct, kindDash, kindOf, seriesColour, seriesLabel } from './series.ts';

export interface SweepPoint {
  /** A style, or a reference system (`py-…`). */
  system: string;
  /** Concurrent connections (or requests in flight): the x axis, > 0. */
  connections: number;
  /** Median throughput across trials, and the 95% interval of that median where there is one. */
  opsPerSec: number;
  opsLow?: number;
  opsHigh?: number;
  /** Median p99 latency across trials, ms (> 0). */
  p99Ms: number;
}

export type OffloadMode = 'inline' | 'offloaded';

export interface OffloadPoint {
  system: string;
  /** Where the CPU work ran: on the event loop itself, or handed to a worker pool. */
  mode: OffloadMode;
  /** CPU time each request costs, ms: the x axis, > 0. */
  cpuMsPerRequest: number;
  opsPerSec: number;
  p99Ms: number;
  /** p99 of the event loop's delay in the process under test, ms (> 0). */
  loopDelayP99Ms: number;
}

function requirePositive<T>(points: readonly T[], fields: ReadonlyArray<keyof T & string>, what: string): void {
  if (points.length === 0) throw new RangeError(`${what}: no points to draw`);
  for (const [i, p] of points.entries()) {
    for (const f of fields) {
      const v = p[f];
      if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) throw new RangeError(`${what}: point ${i} has ${f} = ${String(v)}; a log axis needs a positive number`);
    }
  }
}

const panelSize = { width: 300, height: 240 };

export function sweepSpec(points: readonly SweepPoint[], options: { title: string; unit: string }): TopLevelSpec {
  requirePositive(points, ['connections', 'opsPerSec', 'p99Ms'], 'concurrency sweep');
  const systems = distinct(points.map((p) => p.system));
  const values = points.map((p) => ({ ...p, series: seriesLabel(p.system), kind: KIND_LABEL[kindOf(p.system)], low: p.opsLow ?? null, high: p.opsHigh ?? null }));
  const x = { field: 'connections', type: 'quantitative', title: 'connections (log scale)', scale: { type: 'log' }, axis: { format: '~s' } };
  const series = { color: seriesColour(systems) };
  const dash = kindDash(systems);
  const line = { type: 'line', point: { size: 36, filled: true }, strokeWidth: 2 };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: options.title, subtitle: ['Medians across trials at each number of connections; error bars: 95% interval of the median where there is one.'] },
    data: { values },
    hconcat: [
      {
        ...panelSize,
        layer: [
          { mark: line, encoding: { x, y: { field: 'opsPerSec', type: 'quantitative', title: `throughput (${options.unit})`, axis: SI_AXIS_LABELS }, ...series, strokeDash: dash } },
          ...(values.some((v) => v.low !== null && v.high !== null)
            ? [{ transform: [{ filter: 'datum.low != null && datum.high != null' }], mark: { type: 'errorbar', ticks: true }, encoding: { x, y: { field: 'low', type: 'quantitative', title: `throughput (${options.unit})` }, y2: { field: 'high' }, ...series } }]
            : []),
        ],
      },
      { ...panelSize, mark: line, encoding: { x, y: { field: 'p99Ms', type: 'quantitative', title: 'p99 latency (ms, log scale)', scale: { type: 'log' }, axis: { format: '~g' } }, ...series, strokeDash: dash } },
    ],
    resolve: { scale: { color: 'shared', strokeDash: 'shared' } },
  } as TopLevelSpec;
}

export function sweepAlt(points: readonly SweepPoint[], options: { title: string; unit: string }): string {
  const parts = distinct(points.map((p) => p.system)).map((s) => {
    const own = points.filter((p) => p.system === s).sort((a, b) => a.connections - b.connections);
    return `${seriesLabel(s)}: ${own.map((p) => `${p.connections} conn. ${Math.round(p.opsPerSec).toLocaleString('en-US')} ${options.unit}, p99 ${p.p99Ms.toPrecision(3)} ms`).join('; ')}`;
  });
  return `${options.title}: throughput and p99 latency against connections. ${parts.join('. ')}.`;
}

export function offloadSpec(points: readonly OffloadPoint[], options: { title: string; unit: string }): TopLevelSpec {
  requirePositive(points, ['cpuMsPerRequest', 'opsPerSec', 'p99Ms', 'loopDelayP99Ms'], 'inline vs offloaded');
  const systems = distinct(points.map((p) => p.system));
  const values = points.map((p) => ({ ...p, series: seriesLabel(p.system) }));
  const workLevels = distinct(points.map((p) => String(p.cpuMsPerRequest)));
  const line = { type: 'line', point: { size: 40, filled: true }, strokeWidth: 2 };
  // One amount of work (the cpu scenario's): an axis of CPU work would put every point on one vertical line, so each
  // system becomes a line from inline to offloaded, which shows the change at a glance.
  const encoding =
    workLevels.length === 1
      ? {
          x: { field: 'mode', type: 'ordinal', title: `where the ${workLevels[0]} ms of CPU work per request ran`, scale: { domain: ['inline', 'offloaded'], padding: 0.3 }, axis: { labelAngle: 0 } },
          color: seriesColour(systems),
        }
      : {
          x: { field: 'cpuMsPerRequest', type: 'quantitative', title: 'CPU work per request (ms, log scale)', scale: { type: 'log' }, axis: { format: '~g' } },
          color: seriesColour(systems),
          // One legend for both channels (same field and title): the point's shape drawn with the line's dash.
          strokeDash: { field: 'mode', type: 'nominal', title: 'where the work ran', scale: { domain: ['inline', 'offloaded'], range: [[1, 0], [3, 2]] }, legend: { ...DASH_LEGEND, symbolType: undefined, symbolSize: 160, symbolStrokeWidth: 1.5 } },
          shape: { field: 'mode', type: 'nominal', title: 'where the work ran', scale: { domain: ['inline', 'offloaded'], range: ['circle', 'triangle-up'] } },
        };
  const subtitle =
    workLevels.length === 1
      ? 'The same CPU work per request done inline on the event loop or handed to a worker pool; medians across trials.'
      : 'The same CPU work per request done inline on the event loop (solid) or handed to a worker pool (dashed); medians across trials.';
  const panel = (field: string, title: string, log: boolean) => ({
    ...panelSize,
    width: workLevels.length === 1 ? 200 : 250,
    mark: line,
    encoding: { ...encoding, y: { field, type: 'quantitative', title, ...(log ? { scale: { type: 'log' } } : {}), axis: log ? { format: '~g' } : SI_AXIS_LABELS } },
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: options.title, subtitle: [subtitle] },
    data: { values },
    hconcat: [panel('opsPerSec', `throughput (${options.unit})`, false), panel('p99Ms', 'p99 latency (ms, log scale)', true), panel('loopDelayP99Ms', 'event-loop delay p99 (ms, log scale)', true)],
    resolve: { scale: { color: 'shared', strokeDash: 'shared', shape: 'shared' } },
  } as TopLevelSpec;
}

export function offloadAlt(points: readonly OffloadPoint[], options: { title: string; unit: string }): string {
  const parts = points.map((p) => `${seriesLabel(p.system)} ${p.mode} at ${p.cpuMsPerRequest} ms: ${Math.round(p.opsPerSec).toLocaleString('en-US')} ${options.unit}, p99 ${p.p99Ms.toPrecision(3)} ms, loop delay p99 ${p.loopDelayP99Ms.toPrecision(3)} ms`);
  return `${options.title}: throughput, p99 latency and event-loop delay against CPU work per request, inline and offloaded. ${parts.join('; ')}.`;
}
