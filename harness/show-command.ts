/**
 * `testbed show <scenario>`: each style's code for a scenario side by side, with the same counts a report gives,
 * read now from this checkout (harness/report/code/extract.ts). Nothing is measured. Bad names are UsageError.
 */
import { STYLE_NAMES, type StyleName } from '../impls/contract.ts';
import { REPO_ROOT } from './environment.ts';
import { UsageError } from './plan.ts';
import { renderCodeText } from './report/code.ts';
import { extractCode } from './report/code/extract.ts';
import { isRegionName, type RegionName } from './report/code/regions.ts';
import { SCENARIO_REGIONS, SHOWABLE } from './report/code/scenarios.ts';
import { SCENARIO_NAMES, type ScenarioName } from './results.ts';

export function regionsToShow(name: string): RegionName[] {
  const v = name.trim();
  if ((SCENARIO_NAMES as readonly string[]).includes(v)) return [...SCENARIO_REGIONS[v as ScenarioName]];
  if (isRegionName(v)) return [v];
  throw new UsageError(`unknown scenario '${name}'; show one of: ${SHOWABLE.join(', ')}`);
}

export function showCommand(scenario: string, styles: readonly StyleName[] | undefined, root = REPO_ROOT): string {
  const regions = regionsToShow(scenario);
  return `${renderCodeText(extractCode({ root, styles: styles && styles.length ? [...new Set(styles)] : STYLE_NAMES, regions }))}\n`;
}
