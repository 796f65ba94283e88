/**
 * The race step's section of the report (harness/race-step.ts): the updates each style lost to a switch point inside
 * its read-modify-write, without and with its lock. Pure: same result in, same text out.
 */
import { markdownTable } from 'markdown-table';
import { lostUpdates, type RaceResult } from '../race-step.ts';
import type { CodeExtract } from './code/extract.ts';
import { anchor, codeAnchorId, linkTo, SECTION } from './anchors.ts';

const count = (n: number): string => n.toLocaleString('en-US');
const lostCell = (o: { expected: number; final: number }): string => {
  const lost = lostUpdates(o);
  return lost === 0 ? `0 of ${count(o.expected)}` : `**${count(lost)}** of ${count(o.expected)} (${Math.round((lost / o.expected) * 100)}%)`;
};

export function renderRace(race: RaceResult | undefined, code?: CodeExtract): string[] {
  if (!race) return [];
  const { workers, increments } = race.params;
  const hasCode = (style: string): boolean => code?.regions.some((r) => r.region === 'race' && r.style === style && r.state === 'found') ?? false;
  const rows = race.rows.map((r) => {
    const name = hasCode(r.style) ? linkTo(r.style, codeAnchorId('race', r.style)) : r.style;
    if (r.state === 'measured') return [name, lostCell(r.unlocked), lostCell(r.locked)];
    const why = r.state === 'unavailable' ? `not run: ${r.message}` : `**${r.state}**: ${r.message.split('\n')[0]}`;
    return [name, why, ''];
  });
  return [
    anchor(SECTION.race),
    '## Shared state across a switch point: the race',
    '',
    `${workers} workers per style each add 1 to one shared counter ${increments} times: read it, let the others run (the style's ` +
      'switch point), write what was read plus one (scenarios/race.ts). An update is lost when another worker wrote in between. ' +
      'Each style runs it in its own process, once as written and once with the style\'s own lock around the three steps.',
    '',
    markdownTable([['style', 'without its lock: updates lost', 'with its lock: updates lost'], ...rows], { align: ['l', 'r', 'r'] }),
    '',
  ];
}
