/**
 * Fault rows where the callback style knowingly differs from Tornado 5.1.1's (scenarios/faults.reference.json,
 * py-tornado5): for each, the style's own values of the fields that differ, the anchor of the docs/departures.md entry
 * that says why, and the reason in a line. faults.test.ts holds every row to the reference with these fields
 * replaced, and fails on a departure whose fields no longer differ or whose anchor is missing.
 *
 * None today: every row of every case and idiom gives Tornado 5.1.1's categories.
 */
import type { FaultDeparture } from '../../../harness/faults/compare.ts';

export const FAULT_DEPARTURES: readonly FaultDeparture[] = [];
