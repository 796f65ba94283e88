/**
 * Who is who in every chart: one colour per system, the same in each chart of a report, and the reference rows (the
 * real Python systems, named `py-…`) marked as references wherever they appear.
 */

export type SystemKind = 'style' | 'reference';

/** Reference rows are the real Python systems run beside the styles; the runner names them `py-…`. */
export const isReference = (system: string): boolean => system.startsWith('py-');
export const kindOf = (system: string): SystemKind => (isReference(system) ? 'reference' : 'style');

/** Legend text for the two kinds. */
export const KIND_LABEL: Record<SystemKind, string> = { style: 'testbed style', reference: 'reference: the real Python system' };

/** How a system is named in a chart: references say so in their own label, not only in a legend. */
export const seriesLabel = (system: string): string => (isReference(system) ? `${system} (reference)` : system);

const STYLE_COLOURS: Record<string, string> = { raw: '#555555', callback: '#1f77b4', fiber: '#2ca02c', async: '#d62728' };
const OTHER_COLOURS = ['#9467bd', '#ff7f0e', '#8c564b', '#17becf', '#e377c2', '#bcbd22', '#7f7f7f', '#393b79'];

/** A colour scale over the systems' labels, in the order given, the four styles always in their own colours. */
export function colourScale(systems: readonly string[]): { domain: string[]; range: string[] } {
  let next = 0;
  const domain = systems.map(seriesLabel);
  const range = systems.map((s) => STYLE_COLOURS[s] ?? OTHER_COLOURS[next++ % OTHER_COLOURS.length]!);
  return { domain, range };
}

/** A line chart's colour channel: one colour per system, drawn in the legend as a line. */
export function seriesColour(systems: readonly string[]): Record<string, unknown> {
  const colour = colourScale(systems);
  return { field: 'series', type: 'nominal', title: 'system', scale: colour, sort: colour.domain, legend: { symbolType: 'stroke', symbolStrokeWidth: 3 } };
}

/** A legend of dashes (vega draws stroke symbols without a colour unless told). */
export const DASH_LEGEND = { symbolType: 'stroke', symbolSize: 400, symbolStrokeWidth: 2, encode: { symbols: { update: { stroke: { value: '#333' } } } } };

/** The kinds present among `systems`, so that a legend lists no kind the chart does not show. */
export const kindsOf = (systems: readonly string[]): SystemKind[] => (['style', 'reference'] as const).filter((k) => systems.some((s) => kindOf(s) === k));

/** A line chart's dash channel: styles solid, references dashed. */
export function kindDash(systems: readonly string[]): Record<string, unknown> {
  const kinds = kindsOf(systems);
  const dashes: Record<SystemKind, number[]> = { style: [1, 0], reference: [6, 3] };
  return { field: 'kind', type: 'nominal', title: 'kind', scale: { domain: kinds.map((k) => KIND_LABEL[k]), range: kinds.map((k) => dashes[k]) }, legend: DASH_LEGEND };
}

/** Distinct values in first-seen order. */
export const distinct = <T>(values: readonly T[]): T[] => [...new Set(values)];
