/**
 * The suites `testbed run --suite` names. `default` is what `testbed run` (and `npm run bench`) does with no
 * options: a short suite, about 3 minutes on 2 cores; `full` is every scenario, with the references: the sweeps and
 * the scale of the styles' units included. The scenarios of each suite are listed here and nowhere else.
 */
import type { ScenarioName } from './results.ts';

export type SuiteName = 'default' | 'full';
export const SUITE_NAMES: readonly SuiteName[] = ['default', 'full'];

export const SUITES: Record<SuiteName, readonly ScenarioName[]> = {
  default: ['url-fetch', 'echo', 'cpu', 'race', 'faults'],
  full: ['url-fetch', 'echo', 'cpu', 'race', 'faults', 'echo-sweep', 'url-fetch-sweep', 'scale'],
};
