/**
 * Where a fiber fault row is allowed to differ from the gevent reference's row for the same case and idiom: each
 * entry gives the style's own values for the fields that differ and the docs/departures.md anchor that says why.
 * faults.test.ts holds every row to the reference with these fields replaced, and nothing else.
 *
 * None today: every row agrees with gevent 22.10's (scenarios/faults.reference.json).
 */
import type { FaultDeparture } from '../../../harness/faults/compare.ts';

export const DEPARTURES: readonly FaultDeparture[] = [];
