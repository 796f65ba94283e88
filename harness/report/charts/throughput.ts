/**
 * Chart (a): throughput per system for one scenario group, a horizontal bar per cell at the median of its trials,
 * with the 95% interval of the median as an error bar where the trials allow one. Reference cells are coloured
 * apart and say "(reference)" in their label. A cell without figures (crashed, hung) keeps its row, with the reason.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { GroupResult } from '../../results.ts';
import { medianInterval, relativeHalfWidth } from '../../stats/median-interval.ts';
import { hasQuotableFigures, measuredTrials } from '../summary.ts';
import { SI_AXIS_LABELS } from './render.ts';
import { KIND_LABEL, kindOf, kindsOf, seriesLabel, type SystemKind } from './series.ts';

const KIND_FILL: Record<SystemKind, string> = { style: '#4c78a8', reference: '#f2a03d' };

export interface ThroughputRow {
  label: string;
  kind: string;
  median: number | null;
  low: number | null;
  high: number | null;
  /** Printed beside the bar: the figure and its interval, or why there is none. */
  text: string;
  /** Where that text starts: past the bar and its error bar. */
  textAt: number;
}

export const throughputUnit = (group: GroupResult): string => (group.setup.scenario === 'echo' ? 'msgs/s' : 'URLs/s');

const fmt = (v: number): string => v.toLocaleString('en-US', { maximumFractionDigits: 0 });

export function throughputRows(group: GroupResult): ThroughputRow[] {
  return group.cells.map((cell) => {
    const base = { label: seriesLabel(cell.style), kind: KIND_LABEL[kindOf(cell.style)] };
    if (!hasQuotableFigures(cell)) return { ...base, median: null, low: null, high: null, text: `${cell.state}: no figures`, textAt: 0 };
    const ci = medianInterval(measuredTrials(cell).map((t) => t.opsPerSec));
    const trials = `${ci.n} trial${ci.n === 1 ? '' : 's'}`;
    if (ci.method === 'not-computable') return { ...base, median: ci.median, low: null, high: null, text: `${fmt(ci.median)} (${trials}: no interval)`, textAt: ci.median };
    const half = relativeHalfWidth(ci);
    const approx = ci.method === 'bootstrap' ? ', approx.' : '';
    return { ...base, median: ci.median, low: ci.low, high: ci.high, text: `${fmt(ci.median)} ±${Math.round((half ?? 0) * 100)}% (${trials}${approx})`, textAt: ci.high };
  });
}

export function throughputSpec(group: GroupResult): TopLevelSpec {
  const rows = throughputRows(group);
  const unit = throughputUnit(group);
  const kinds = kindsOf(group.cells.map((c) => c.style));
  const y = { field: 'label', type: 'nominal' as const, sort: rows.map((r) => r.label), title: 'system', axis: { labelFontSize: 12 } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: `Throughput — ${group.title}`,
      subtitle: [
        `Bar: median of the trials. Error bar: 95% interval of the median (order statistics from 6 trials;`,
        `a bootstrap, approximate, from 3 to 5; none below 3).`,
      ],
    },
    width: 520,
    height: { step: 30 },
    data: { values: rows },
    layer: [
      {
        mark: { type: 'bar', height: { band: 0.65 } },
        encoding: {
          y,
          x: { field: 'median', type: 'quantitative', title: `throughput (${unit}, median of trials)`, axis: SI_AXIS_LABELS, scale: { zero: true } },
          color: {
            field: 'kind',
            type: 'nominal',
            title: 'kind',
            scale: { domain: kinds.map((k) => KIND_LABEL[k]), range: kinds.map((k) => KIND_FILL[k]) },
            legend: { orient: 'bottom', direction: 'horizontal' },
          },
        },
      },
      // An error bar layer over no rows makes vega warn of infinite extents: only when some cell has an interval.
      ...(rows.some((r) => r.low !== null)
        ? [
            {
              transform: [{ filter: 'datum.low != null' }],
              mark: { type: 'errorbar', ticks: { size: 12 }, color: '#111', thickness: 1.5 },
              encoding: { y, x: { field: 'low', type: 'quantitative', title: `throughput (${unit}, median of trials)` }, x2: { field: 'high' } },
            },
          ]
        : []),
      {
        mark: { type: 'text', align: 'left', dx: 8, fontSize: 11, color: '#222' },
        encoding: { y, x: { field: 'textAt', type: 'quantitative' }, text: { field: 'text' } },
      },
    ],
  } as TopLevelSpec;
}

export function throughputAlt(group: GroupResult): string {
  const parts = throughputRows(group).map((r) => `${r.label} ${r.text}`);
  return `Bar chart of ${throughputUnit(group)} per system for ${group.title}: ${parts.join('; ')}.`;
}
