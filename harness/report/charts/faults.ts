/**
 * Chart (c): the fault matrix as a grid, a row per case and a column per system, one coloured block per idiom the
 * system wrote the case in, coloured by where the injected error ended up: raised at the caller's wait point,
 * returned as a value, only logged, vanished; or the process crashed or the caller hung. Reference systems' columns
 * say "(reference)".
 */
import type { TopLevelSpec } from 'vega-lite';
import { FAULT_CASE_IDS } from '../../../impls/contract.ts';
import type { FaultRow } from '../../faults/classify.ts';
import type { FaultMatrixResult } from '../../faults/matrix.ts';
import { distinct, seriesLabel } from './series.ts';

export const FAULT_OUTCOMES = ['raised', 'as value', 'only logged', 'vanished', 'crashed', 'hung', 'no error injected', 'not run'] as const;
export type FaultOutcome = (typeof FAULT_OUTCOMES)[number];

const OUTCOME_COLOURS: Record<FaultOutcome, string> = {
  raised: '#1a9850',
  'as value': '#a6d96a',
  'only logged': '#fdae61',
  vanished: '#d73027',
  crashed: '#252525',
  hung: '#7b3294',
  'no error injected': '#dddddd',
  'not run': '#ffffff',
};
const DARK: readonly FaultOutcome[] = ['raised', 'vanished', 'crashed', 'hung'];

/**
 * One outcome per row, the worst thing first: a crash or a hang outweighs how errors surfaced; errors that reached
 * the caller outweigh any that were only logged or lost beside them (the block's text then says how many reached).
 */
export function faultOutcome(row: FaultRow): FaultOutcome {
  if (row.unsupported) return 'not run';
  if (!row.processAlive) return 'crashed';
  if (row.callerHung) return 'hung';
  if (row.surfaced === 'raised') return 'raised';
  if (row.surfaced === 'error-value') return 'as value';
  if (row.errors.injected === 0) return 'no error injected';
  return row.errors.onlyLogged > 0 ? 'only logged' : 'vanished';
}

export interface FaultCell {
  case: string;
  system: string;
  /** Which of the system's idioms for this case: 0, 1, 2… (the block's place in its grid cell). */
  slot: number;
  idiom: string;
  outcome: FaultOutcome;
  text: string;
}

export function faultCells(result: FaultMatrixResult): FaultCell[] {
  const slots = new Map<string, number>();
  return result.rows.map((m) => {
    const key = `${m.case} ${m.system}`;
    const slot = slots.get(key) ?? 0;
    slots.set(key, slot + 1);
    const outcome = faultOutcome(m.row);
    const { injected, reachedCaller } = m.row.errors;
    const partial = !m.row.unsupported && injected > 1 && reachedCaller < injected ? ` (${reachedCaller}/${injected})` : '';
    return { case: m.case, system: seriesLabel(m.system), slot, idiom: m.idiom, outcome, text: `${m.idiom}${partial}` };
  });
}

/** Styles' columns first, then references', each in the order the matrix ran them. */
function systemOrder(result: FaultMatrixResult): string[] {
  const styles = distinct(result.rows.filter((r) => r.systemKind === 'style').map((r) => r.system));
  const refs = distinct(result.rows.filter((r) => r.systemKind === 'reference').map((r) => r.system));
  return [...styles, ...refs].map(seriesLabel);
}

export function faultGridSpec(result: FaultMatrixResult): TopLevelSpec {
  const cells = faultCells(result);
  const cases = FAULT_CASE_IDS.filter((c) => cells.some((x) => x.case === c));
  const slots = Array.from({ length: Math.max(1, ...cells.map((c) => c.slot + 1)) }, (_, i) => i);
  // Explicit domains: the layers' data differ, and vega-lite cannot union sorted domains across them.
  const x = { field: 'system', type: 'nominal' as const, scale: { domain: systemOrder(result), paddingInner: 0.06 }, title: 'system', axis: { orient: 'top' as const, labelAngle: 0, labelFontSize: 12, labelLimit: 150 } };
  const y = { field: 'case', type: 'nominal' as const, scale: { domain: cases }, title: 'fault case', axis: { labelFontSize: 12 } };
  const yOffset = { field: 'slot', type: 'ordinal' as const, scale: { domain: slots, paddingInner: 0.12 } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: 'Error propagation: where each injected error ended up',
      subtitle: ['One block per idiom a system wrote the case in (named in the block). Crashed and hung outweigh the rest;', 'a fraction says how many of the injected errors reached the caller when not all did.'],
    },
    width: { step: 150 },
    // With an offset channel the step is per block, not per case.
    height: { step: 17 },
    data: { values: cells },
    layer: [
      {
        mark: { type: 'rect', stroke: '#999', strokeWidth: 0.5 },
        encoding: {
          x,
          y,
          yOffset,
          color: {
            field: 'outcome',
            type: 'nominal',
            title: 'the injected error',
            scale: { domain: [...FAULT_OUTCOMES], range: FAULT_OUTCOMES.map((o) => OUTCOME_COLOURS[o]) },
            legend: { orient: 'right', symbolType: 'square', symbolStrokeColor: '#999', symbolStrokeWidth: 0.5 },
          },
        },
      },
      {
        mark: { type: 'text', fontSize: 10.5, baseline: 'middle' },
        encoding: {
          x,
          y,
          yOffset,
          text: { field: 'text' },
          color: { condition: { test: `indexof(${JSON.stringify(DARK)}, datum.outcome) >= 0`, value: 'white' }, value: 'black' },
        },
      },
    ],
    config: { axis: { grid: false, domain: false, ticks: false } },
  } as TopLevelSpec;
}

export function faultGridAlt(result: FaultMatrixResult): string {
  const bySystem = new Map<string, Map<FaultOutcome, number>>();
  for (const c of faultCells(result)) {
    const counts = bySystem.get(c.system) ?? new Map<FaultOutcome, number>();
    counts.set(c.outcome, (counts.get(c.outcome) ?? 0) + 1);
    bySystem.set(c.system, counts);
  }
  const parts = [...bySystem].map(([system, counts]) => `${system}: ${[...counts].map(([o, n]) => `${n} ${o}`).join(', ')}`);
  return `Grid of fault cases by system, coloured by where the injected error ended up. ${parts.join('; ')}.`;
}
