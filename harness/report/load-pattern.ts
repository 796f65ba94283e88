/**
 * The load-pattern check (issue #13): the same echo groups run under two or more load patterns (how the load
 * generator writes each message and reads the replies). A ranking that holds under one pattern only measures the
 * pattern, not the styles. For each message size: every row's throughput and rank under each pattern; the pairs of
 * rows whose order flips between patterns with both orders beyond noise (disjoint 95% intervals); and, under each
 * pattern, any style ahead of raw beyond noise, since raw is meant to be the ceiling.
 */
import { markdownTable } from 'markdown-table';
import { describeLoadPattern, type EchoParams, type LoadPattern } from '../../scenarios/echo.ts';
import { formatBytes } from '../../scenarios/url-fetch.ts';
import { compareIntervals } from '../stats/difference.ts';
import type { GroupResult, RunReport } from '../results.ts';
import { isReferenceName } from '../systems.ts';
import { anchor, groupAnchorId, linkTo } from './anchors.ts';
import { hasQuotableFigures, ratioTo, summarizeCell, type CellSummary } from './summary.ts';

export const LOAD_PATTERN_ANCHOR = 'load-pattern-check';

interface PatternGroup {
  pattern: LoadPattern;
  group: GroupResult;
}

export interface LoadPatternComparison {
  /** e.g. "1 KiB messages, 10 connections". */
  title: string;
  size: number;
  patterns: PatternGroup[];
  /** Rows in the order of the first group. */
  systems: string[];
  /** Pairs whose order differs beyond noise between two patterns, as sentences. */
  flips: string[];
  /** Styles ahead of raw beyond noise, as sentences. */
  aboveRaw: string[];
}

const num = (n: number): string => Math.round(n).toLocaleString('en-US');

type EchoGroup = GroupResult & { setup: { scenario: 'echo'; params: EchoParams & { loadPattern: LoadPattern } } };

function isPatternGroup(g: GroupResult): g is EchoGroup {
  return g.setup.scenario === 'echo' && g.setup.sweep === undefined && g.setup.params.loadPattern !== undefined;
}

/** The echo groups that differ only in load pattern, gathered by size (and connections, loop); two patterns or more. */
export function loadPatternComparisons(report: Pick<RunReport, 'groups'>): LoadPatternComparison[] {
  const byKey = new Map<string, EchoGroup[]>();
  for (const g of report.groups.filter(isPatternGroup)) {
    const p = g.setup.params;
    const key = `${p.size}|${p.connections}|${p.openLoopRate ?? 'closed'}`;
    byKey.set(key, [...(byKey.get(key) ?? []), g]);
  }
  const out: LoadPatternComparison[] = [];
  for (const groups of byKey.values()) {
    if (groups.length < 2) continue;
    const patterns = groups.map((group) => ({ pattern: group.setup.params.loadPattern, group }));
    const systems = [...new Set(groups.flatMap((g) => g.cells.map((c) => c.style)))];
    const p = groups[0]!.setup.params;
    out.push({
      title: `${formatBytes(p.size)} messages, ${p.connections} connections${p.openLoopRate === undefined ? '' : `, open loop at ${num(p.openLoopRate)} msgs/s`}`,
      size: p.size,
      patterns,
      systems,
      flips: flipsOf(patterns, systems),
      aboveRaw: aboveRawOf(patterns),
    });
  }
  return out;
}

function summaryOf(group: GroupResult, system: string): CellSummary | undefined {
  const cell = group.cells.find((c) => c.style === system);
  return cell && hasQuotableFigures(cell) ? summarizeCell(cell) : undefined;
}

/** For each pair of rows: the patterns under which one is ahead of the other beyond noise; both ways is a flip. */
function flipsOf(patterns: readonly PatternGroup[], systems: readonly string[]): string[] {
  const flips: string[] = [];
  for (const [i, a] of systems.entries()) {
    for (const b of systems.slice(i + 1)) {
      const ahead: { aFirst: boolean; pattern: string; a: number; b: number }[] = [];
      for (const { pattern, group } of patterns) {
        const sa = summaryOf(group, a);
        const sb = summaryOf(group, b);
        if (!sa || !sb || compareIntervals(sa.interval, sb.interval).verdict !== 'apart') continue;
        ahead.push({ aFirst: sa.opsPerSec > sb.opsPerSec, pattern: pattern.name, a: sa.opsPerSec, b: sb.opsPerSec });
      }
      const first = ahead.find((x) => x.aFirst);
      const second = ahead.find((x) => !x.aFirst);
      if (first && second) {
        flips.push(`${a} ahead of ${b} under ${first.pattern} (${num(first.a)} against ${num(first.b)} msgs/s), behind it under ${second.pattern} (${num(second.a)} against ${num(second.b)})`);
      }
    }
  }
  return flips;
}

function aboveRawOf(patterns: readonly PatternGroup[]): string[] {
  const out: string[] = [];
  for (const { pattern, group } of patterns) {
    for (const cell of group.cells) {
      if (cell.style === 'raw' || isReferenceName(cell.style)) continue;
      const ratio = ratioTo(group, cell, 'raw');
      if (ratio && ratio.method !== 'not-computable' && ratio.low > 1) out.push(`${cell.style} under ${pattern.name}: ${ratio.ratio.toFixed(2)}× raw (95% interval ${ratio.low.toFixed(2)}–${ratio.high.toFixed(2)})`);
    }
  }
  return out;
}

/** 1 for the fastest quotable row of a group. */
function ranks(group: GroupResult, systems: readonly string[]): Map<string, number> {
  const figures = systems.flatMap((s) => {
    const summary = summaryOf(group, s);
    return summary ? [{ s, ops: summary.opsPerSec }] : [];
  });
  figures.sort((x, y) => y.ops - x.ops);
  return new Map(figures.map((f, i) => [f.s, i + 1]));
}

function table(c: LoadPatternComparison): string {
  const rankOf = c.patterns.map(({ group }) => ranks(group, c.systems));
  const header = ['row', ...c.patterns.map(({ pattern, group }) => `[${pattern.name}](#${groupAnchorId(group)}) msgs/s (rank)`)];
  const rows = c.systems.map((s) => [
    isReferenceName(s) ? `*${s}*` : s,
    ...c.patterns.map(({ group }, i) => {
      const summary = summaryOf(group, s);
      return summary ? `${num(summary.opsPerSec)} (${rankOf[i]!.get(s)})` : 'no figures';
    }),
  ]);
  return markdownTable([header, ...rows], { align: ['l', ...c.patterns.map(() => 'r' as const)] });
}

export function renderLoadPatternCheck(report: Pick<RunReport, 'groups'>): string[] {
  const comparisons = loadPatternComparisons(report);
  if (comparisons.length === 0) return [];
  const patterns = [...new Map(comparisons.flatMap((c) => c.patterns.map((p) => [p.pattern.name, p.pattern] as const))).values()];
  const out = [
    anchor(LOAD_PATTERN_ANCHOR),
    '## Load-pattern check',
    '',
    `The same echo groups under ${patterns.length} load patterns: ${patterns.map((p) => `**${p.name}** (${describeLoadPattern(p)})`).join('; ')}. ` +
      'A ranking that holds under one pattern only would measure the pattern, not the styles. A *flip* is two rows in one order under one pattern and in the other order under another, both beyond noise (the 95% intervals of the medians do not overlap); ranks that move within the noise are not flips.',
    '',
  ];
  for (const c of comparisons) {
    out.push(`### ${c.title}`, '', table(c), '');
    out.push(c.flips.length === 0 ? '- Ranking: no flip; wherever the trials tell two rows apart, they are in the same order under every pattern.' : `- Ranking: **${c.flips.length} flip${c.flips.length === 1 ? '' : 's'}**: ${c.flips.join('; ')}.`);
    out.push(c.aboveRaw.length === 0 ? '- raw as the ceiling: no style ahead of raw beyond noise under any pattern.' : `- raw as the ceiling: **not under every pattern**: ${c.aboveRaw.join('; ')}.`, '');
  }
  return out;
}

/** One line for the findings: whether the rankings held. */
export function loadPatternFinding(report: Pick<RunReport, 'groups'>): string[] {
  const comparisons = loadPatternComparisons(report);
  if (comparisons.length === 0) return [];
  const names = [...new Set(comparisons.flatMap((c) => c.patterns.map((p) => p.pattern.name)))];
  const held = comparisons.filter((c) => c.flips.length === 0).map((c) => formatBytes(c.size));
  const flipped = comparisons.filter((c) => c.flips.length > 0).map((c) => `${formatBytes(c.size)} (${c.flips.length} flip${c.flips.length === 1 ? '' : 's'})`);
  const above = comparisons.reduce((n, c) => n + c.aboveRaw.length, 0);
  const parts = [
    ...(held.length ? [`the ranking held at ${held.join(', ')}`] : []),
    ...(flipped.length ? [`it flipped beyond noise at ${flipped.join(', ')}`] : []),
    above === 0 ? 'no style ahead of raw beyond noise under any pattern' : `${above} style row${above === 1 ? '' : 's'} ahead of raw beyond noise`,
  ];
  return [`**Load-pattern check** (${names.join(', ')}): ${parts.join('; ')}. ${linkTo('check', LOAD_PATTERN_ANCHOR)}`];
}
