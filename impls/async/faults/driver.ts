/**
 * The async style's FaultDriver (impls/contract.ts), exposed by adapter.ts: every case of scenarios/faults.ts in the
 * idioms asyncio's reference has (impls/reference/faults/asyncio_cases.py).
 *
 * Each case runs as the main task of one Runner kept for the process's life and never closed, as the reference runs
 * it on one loop it never closes: closing would cancel what the case left running, and what is left running is an
 * observation. The Runner keeps the process alive while the case runs, as asyncio's loop does, so a caller waiting
 * for something nothing will set hangs.
 */
import type { FaultCaseId, FaultDriver } from '../../contract.ts';
import { Runner } from '../index.ts';
import { runCase } from './cases.ts';

const WAIT_IDIOMS = ['gather', 'gather-rx', 'taskgroup'] as const;
const CANCEL_PARENT_IDIOMS = [...WAIT_IDIOMS, 'await-each', 'wait'] as const;

let runner: Runner | undefined;

export const faults: FaultDriver = {
  idioms: (caseId: FaultCaseId) => (caseId === 'cancel-parent' ? CANCEL_PARENT_IDIOMS : WAIT_IDIOMS),
  run: (caseId, idiom, env) => (runner ??= new Runner()).run(runCase, caseId, idiom, env),
};
