/** Which marked regions (regions.ts) hold the code each scenario runs: what a report shows and links its rows to. */
import { SCENARIO_NAMES, type ScenarioName } from '../../results.ts';
import { REGION_NAMES, type RegionName } from './regions.ts';

export const SCENARIO_REGIONS: Readonly<Record<ScenarioName, readonly RegionName[]>> = {
  'url-fetch': ['url-fetch'],
  echo: ['echo'],
  cpu: ['cpu-offload'],
  race: ['race'],
  faults: ['fault-http-500', 'fault-cancel-parent'],
  'echo-sweep': ['echo'],
  'url-fetch-sweep': ['url-fetch'],
  scale: [],
};

/** The regions of these scenarios, in REGION_NAMES order. */
export function regionsOf(scenarios: Iterable<ScenarioName>): RegionName[] {
  const wanted = new Set([...scenarios].flatMap((s) => SCENARIO_REGIONS[s]));
  return REGION_NAMES.filter((r) => wanted.has(r));
}

/** What `testbed show` accepts: a scenario (its regions) or one region by name. */
export const SHOWABLE: readonly string[] = [...new Set<string>([...SCENARIO_NAMES, ...REGION_NAMES])];
