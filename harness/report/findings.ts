/**
 * The findings a person reads first, at the top of the report: per scenario group, which style led and by how much,
 * beyond the run's noise or not (harness/stats, through evidence.ts); what offloading the cpu work changed; the
 * race; how each style propagated the injected faults; the claims' verdicts. Every figure is read from the report,
 * and each finding links to the table, section or chart it comes from. Pure: same report in, same text out.
 */
import { isStyleName } from '../../impls/contract.ts';
import { lostUpdates } from '../race-step.ts';
import type { GroupResult, RunReport } from '../results.ts';
import { anchor, groupAnchorId, linkTo, SECTION } from './anchors.ts';
import type { ChartFile } from './charts/write.ts';
import { judgeClaims, offloadEffects, type Verdict } from './claims.ts';
import { compareFigures, faultRowsOf, medianOf, msText, noiseWords, num, systemsIn, tally, tallyWords, trialFigures } from './evidence.ts';
import { loadPatternFinding } from './load-pattern.ts';
import { hasQuotableFigures, ratioTo, withinNoise } from './summary.ts';

const unitOf = (group: GroupResult): string => (group.setup.scenario === 'url-fetch' ? 'URLs/s' : group.setup.scenario === 'cpu' ? 'requests/s' : 'msgs/s');

/** The three concurrency styles (raw is the baseline every row is divided by, references are the real systems). */
const isContender = (style: string): boolean => isStyleName(style) && style !== 'raw';

function chartLinks(group: GroupResult, charts: readonly ChartFile[]): string[] {
  return charts.filter((c) => c.groupId === group.id && c.path.includes('/throughput-')).map((c) => `[chart](${encodeURI(c.path)})`);
}

/** ` 0.66× raw` with `(within noise)` when the ratio's interval holds 1.0, or nothing without raw. */
function versusRaw(group: GroupResult, style: string): string {
  const cell = group.cells.find((c) => c.style === style);
  const ratio = cell && ratioTo(group, cell, 'raw');
  if (!ratio || Number.isNaN(ratio.ratio)) return '';
  const noise = withinNoise(ratio);
  return `; ${num(ratio.ratio, 2)}× raw${noise === true ? ' (within noise)' : noise === undefined ? ' (no interval)' : ''}`;
}

/** One group's lead: the fastest of the styles against the next, in words that say whether noise could explain it. */
export function groupFinding(group: GroupResult, charts: readonly ChartFile[] = []): string {
  const unit = unitOf(group);
  const ranked = group.cells
    .filter((c) => isContender(c.style) && hasQuotableFigures(c))
    .map((c) => ({ style: c.style, ops: trialFigures(c, (t) => t.opsPerSec) }))
    .map((r) => ({ ...r, median: medianOf(r.ops) }))
    .sort((a, b) => b.median - a.median);
  const missing = group.cells.filter((c) => isContender(c.style) && !hasQuotableFigures(c)).map((c) => `${c.style} (${c.state})`);
  let text: string;
  const [first, second] = ranked;
  if (first && second) {
    const c = compareFigures(second.ops, first.ops);
    const lead = `${first.style} led the styles with ${num(c.b)} ${unit}, ${num(c.b / c.a, 2)}× ${second.style}'s ${num(c.a)}`;
    text =
      c.noise === 'apart'
        ? `${lead}, ${noiseWords(c)}`
        : c.noise === 'within-noise'
          ? `${first.style} and ${second.style} cannot be told apart: ${num(c.b)} against ${num(c.a)} ${unit} (${num(c.b / c.a, 2)}×) is ${noiseWords(c)}`
          : `${lead}; ${noiseWords(c)}, so whether the lead is real is not known`;
    text += versusRaw(group, first.style);
  } else if (first) {
    text = `only ${first.style} of the styles had figures: ${num(first.median)} ${unit}${versusRaw(group, first.style)}`;
  } else {
    const raw = group.cells.find((c) => c.style === 'raw' && hasQuotableFigures(c));
    text = raw ? `no style but raw had figures (${num(medianOf(trialFigures(raw, (t) => t.opsPerSec)))} ${unit})` : 'no row had figures';
  }
  if (missing.length) text += `. Without figures: ${missing.join(', ')}`;
  return `**${group.title}**: ${text}. ${[linkTo('table', groupAnchorId(group)), ...chartLinks(group, charts)].join(' · ')}`;
}

function offloadFinding(report: RunReport, charts: readonly ChartFile[]): string[] {
  const effects = offloadEffects(report).filter((e) => !e.style.startsWith('py-'));
  if (effects.length === 0) return [];
  const parts = effects.map(
    (e) => `${e.style} ${num(e.throughput.b / e.throughput.a, 2)}× the throughput (${noiseWords(e.throughput).split(' (')[0]}), loop delay p99 ${msText(e.loop.a)} → ${msText(e.loop.b)}, p99 ${msText(e.p99.a)} → ${msText(e.p99.b)}`,
  );
  const groups = report.groups.filter((g) => g.setup.scenario === 'cpu');
  const links = [...groups.map((g) => linkTo(`${g.setup.scenario === 'cpu' ? g.setup.params.mode : ''} table`, groupAnchorId(g))), ...charts.filter((c) => c.path.includes('/offload-')).map((c) => `[chart](${encodeURI(c.path)})`)];
  return [`**CPU work offloaded instead of inline**: ${parts.join('; ')}. ${links.join(' · ')}`];
}

function raceFinding(report: RunReport): string[] {
  if (!report.race) return [];
  const measured = report.race.rows.filter((r) => r.state === 'measured');
  const others = report.race.rows.filter((r) => r.state !== 'measured').map((r) => (r.state === 'unavailable' ? r.message : `${r.style}: ${r.state}`));
  const without = measured.map((r) => `${r.style} ${num(lostUpdates(r.unlocked))} of ${num(r.unlocked.expected)}`);
  const lockedLost = measured.filter((r) => lostUpdates(r.locked) > 0).map((r) => `${r.style} ${num(lostUpdates(r.locked))}`);
  const text = measured.length
    ? `updates lost to a switch point inside the read-modify-write: ${without.join(', ')}; with each style's lock, ${lockedLost.length ? `still lost: ${lockedLost.join(', ')}` : 'none'}`
    : 'no style ran it';
  return [`**Shared counter (race)**: ${text}${others.length ? `. Not measured: ${others.join('; ')}` : ''}. ${linkTo('race', SECTION.race)}`];
}

function faultFindings(report: RunReport): string[] {
  if (!report.faults) return [];
  const systems = systemsIn(report.faults.rows.filter((r) => !r.row.unsupported));
  const link = linkTo('fault matrix', SECTION.faults);
  if (systems.length === 0) return [`**Faults**: no system had fault rows. ${link}`];
  // The styles first, then the real systems (in italics, as in the tables).
  const ordered = [...systems.filter(isStyleName), ...systems.filter((s) => !isStyleName(s))];
  const per = ordered.map((s) => `${isStyleName(s) ? s : `*${s}*`}: ${tallyWords(tally(faultRowsOf(report, [s])))}`);
  const none = isStyleName(ordered[0]!) ? '' : ' No style had fault rows yet.';
  return [`**How each system propagated the injected faults**: ${per.join('; ')}.${none} ${link}`];
}

function claimsFinding(report: RunReport): string[] {
  const counts = new Map<Verdict, number>();
  for (const { judgement } of judgeClaims(report)) counts.set(judgement.verdict, (counts.get(judgement.verdict) ?? 0) + 1);
  const order: Verdict[] = ['supported', 'partly supported', 'refuted', 'within noise', 'not measured in this run'];
  const parts = order.filter((v) => counts.has(v)).map((v) => `${counts.get(v)} ${v}`);
  return [`**The articles' claims**: ${parts.join(', ')}. ${linkTo('claims', SECTION.claims)}`];
}

export function renderFindings(report: RunReport, charts: readonly ChartFile[] = []): string[] {
  const findings = [
    ...report.groups.map((g) => groupFinding(g, charts)),
    ...loadPatternFinding(report),
    ...offloadFinding(report, charts),
    ...raceFinding(report),
    ...faultFindings(report),
    ...claimsFinding(report),
  ];
  return [anchor(SECTION.findings), '## Findings', '', 'What this run found, each with the table or section it comes from. A lead is *beyond noise* when the 95% intervals of the two medians across trials do not overlap.', '', ...findings.map((f) => `- ${f}`), ''];
}
