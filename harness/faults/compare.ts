/**
 * A style's row against its reference's row for the same case and idiom: the categories a workshop would compare
 * (how the error surfaced and as what kind, whether it was logged, what happened to the process, the caller and the
 * siblings, what was left running, and where each injected error ended up). Class names and times are not compared:
 * they cannot agree across languages, and the kinds say the same thing.
 */
import type { FaultCaseId } from '../../impls/contract.ts';
import type { FaultRow } from './classify.ts';

export interface ComparableRow {
  surfaced: FaultRow['surfaced'];
  kinds: string;
  logged: boolean;
  processAlive: boolean;
  callerHung: boolean;
  siblingsCompleted: number;
  siblingsCancelled: number;
  finallyRan: number;
  leakedChildren: number;
  requestsOpen: number;
  reachedCaller: number;
  onlyLogged: number;
  vanished: number;
}

/**
 * A row where a style knowingly differs from its reference (each style's impls/<style>/faults/departures.ts): its
 * own values for the fields that differ, and the docs/departures.md entry that says why. The style's faults.test.ts
 * holds every row to the reference with these fields replaced, and nothing else.
 */
export interface FaultDeparture {
  case: FaultCaseId;
  idiom: string;
  fields: Partial<ComparableRow>;
  /** An anchor (`<a id="...">`) of docs/departures.md. */
  anchor: string;
  why: string;
}

export function comparable(row: FaultRow): ComparableRow {
  return {
    surfaced: row.surfaced,
    kinds: row.kinds.join(', '),
    logged: row.logged,
    processAlive: row.processAlive,
    callerHung: row.callerHung,
    siblingsCompleted: row.siblingsCompleted,
    siblingsCancelled: row.siblingsCancelled,
    finallyRan: row.finallyRan,
    leakedChildren: row.leaked.children,
    requestsOpen: row.leaked.requestsOpen,
    reachedCaller: row.errors.reachedCaller,
    onlyLogged: row.errors.onlyLogged,
    vanished: row.errors.vanished,
  };
}

export type Verdict = { match: true } | { match: false; differences: string[] };

/** `differs` lists each field as `field: style value (reference value)`. */
export function compareRows(style: ComparableRow, reference: ComparableRow): Verdict {
  const differences = (Object.keys(reference) as Array<keyof ComparableRow>)
    .filter((k) => style[k] !== reference[k])
    .map((k) => `${k}: ${String(style[k]) || '—'} (${String(reference[k]) || '—'})`);
  return differences.length === 0 ? { match: true } : { match: false, differences };
}
