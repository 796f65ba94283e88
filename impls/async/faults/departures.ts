/**
 * Where a fault row of the async style knowingly differs from asyncio's committed row (scenarios/faults.reference.json,
 * system py-asyncio): the style's own values for the fields that differ, and the entry of docs/departures.md that
 * says why. faults.test.ts holds every row to the reference with these fields replaced, and nothing else.
 */
import type { FaultDeparture } from '../../../harness/faults/compare.ts';

export const FAULT_DEPARTURES: readonly FaultDeparture[] = [];
