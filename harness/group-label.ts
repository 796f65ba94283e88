/**
 * A group's id (stable across runs: what `testbed compare` matches groups by, and what chart files are named after)
 * and its title in the report. A group differs in id by everything that changes what its figures mean: size, mode,
 * open or closed loop, load pattern, sweep level.
 */
import { describeCpu } from '../scenarios/cpu.ts';
import { describeEcho } from '../scenarios/echo.ts';
import { describeUrlFetch } from '../scenarios/url-fetch.ts';
import type { GroupParams } from './results.ts';

export function groupLabel(setup: GroupParams): { id: string; title: string } {
  const sweep = setup.sweep ? { id: '-sweep', level: `-c${setup.sweep.level}`, title: ' sweep' } : { id: '', level: '', title: '' };
  if (setup.scenario === 'cpu') return { id: `cpu-${setup.params.mode}`, title: `cpu — ${describeCpu(setup.params)}` };
  if (setup.scenario === 'echo') {
    const rate = setup.params.openLoopRate === undefined ? '' : `-rate${setup.params.openLoopRate}`;
    const pattern = setup.params.loadPattern === undefined ? '' : `-${setup.params.loadPattern.name}`;
    return { id: `echo${sweep.id}-${setup.params.size}${sweep.level}${rate}${pattern}`, title: `echo${sweep.title} — ${describeEcho(setup.params)}` };
  }
  return { id: `url-fetch${sweep.id}-${setup.params.size}${sweep.level}`, title: `url-fetch${sweep.title} — ${describeUrlFetch(setup.params)}` };
}
