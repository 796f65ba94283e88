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

export interface TrialTiming {
  /** One timed trial (echo, cpu, sweep levels). */
  durationMs: number;
  /** The warm-up trial before them. */
  warmupMs: number;
}

/**
 * Trial lengths when the command line names none. The default suite has 30 echo cells (3 sizes × 10 rows with the
 * references): 1 s trials after a 0.5 s warm-up are what keeps it near 3 minutes. Trials are interleaved across rows,
 * so a slow second of the machine lands on every row alike rather than on one; the intervals say how much the
 * shorter trials cost. A run that names its scenarios, and the full suite, take 2 s trials.
 */
export const SUITE_TIMING: Record<SuiteName, TrialTiming> = {
  default: { durationMs: 1000, warmupMs: 500 },
  full: { durationMs: 2000, warmupMs: 1000 },
};
export const SCENARIO_TIMING: TrialTiming = SUITE_TIMING.full;
