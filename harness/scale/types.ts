/**
 * The scale of the styles' own units (`--scenario scale`, `testbed scale`): how many greenlets, tasks, callbacks or
 * promises a style can hold parked at once, what each costs to make, to keep and to wake. The shapes of its
 * results, in a run's JSON report (RunReport.scale) and in what `testbed scale --json` prints.
 */
import type { StyleName } from '../../impls/contract.ts';

/** How many units each measurement parks by default: 100,000, as issue #14 asks. */
export const SCALE_UNITS = 100_000;

/**
 * 'idle': the unit waits on something that only another unit's action completes (an Event, a Future, a promise):
 * it costs memory and nothing else while it waits. 'timer': the unit holds a pending timer, which the loop keeps in
 * its timer structure and which wakes it by itself.
 */
export type Parking = 'idle' | 'timer';

export interface ScaleRow {
  system: StyleName;
  /** The kind's id, e.g. 'fiber-event' (harness/scale/kinds.ts). */
  kind: string;
  /** What one unit is, in the style's words. */
  unit: string;
  parks: Parking;
  count: number;
  /** From the first unit made to the last one parked, ms. */
  createMs: number;
  /** Heap used and RSS after parking them, less before, each after a full garbage collection, per unit, bytes. */
  heapBytesPerUnit: number;
  rssBytesPerUnit: number;
  /** From waking them (for timers: from when the last one was due, or from when the loop got control back, if
   *  later) to the last one finished, ms. */
  wakeMs: number;
  /** Timer units that fired before every unit was parked and measured; non-zero makes the row's memory too low. */
  firedEarly: number;
}

export interface ScaleFailure {
  system: StyleName;
  kind: string;
  unit: string;
  message: string;
}

export interface ScaleResult {
  /** Units parked at once in each measurement. */
  units: number;
  rows: ScaleRow[];
  failures: ScaleFailure[];
}
