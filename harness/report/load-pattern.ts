/**
 * The load-pattern check (issue #13): the same echo groups run under two or more load patterns (how the load
 * generator writes each message and reads the replies). A ranking that holds under one pattern only measures the
 * pattern, not the styles. For each message size: every row's throughput, rank and CPU per message under each
 * pattern; the pairs of rows whose order flips between patterns with both orders beyond noise (disjoint 95%
 * intervals); and, under each pattern, any style ahead of raw beyond noise, since raw is meant to be the ceiling.
 *
 * Small writes and reads cost the load generator more: at 100 KiB in 16 KiB writes it ran at 90-99% of its core for
 * every row, and every row's throughput came out within a few percent of 25k msgs/s, the generator's. Where either
 * row of a pair had its load side saturated, their order is judged on what each message cost the process under test
 * (CPU µs per message, lower first) instead of on throughput, which there is the load generator's.
 */
import { markdownTable } from 'markdown-table';
import { describeLoadPattern, type EchoParams, type LoadPattern } from '../../scenarios/echo.ts';
import { formatBytes } from '../../scenarios/url-fetch.ts';
import { compareIntervals } from '../stats/difference.ts';
import type { GroupResult, RunReport } from '../results.ts';
import { isReferenceName } from '../systems.ts';
import { anchor, groupAnchorId, linkTo } from './anchors.ts';
import { medianInterval, type MedianInterval } from '../stats/median-interval.ts';
import { cpuUsPerOp, hasQuotableFigures, LOAD_SATURATED_PERCENT, loadCpuOf, measuredTrials, ratioTo } from './summary.ts';

export const LOAD_PATTERN_ANCHOR = 'load-pattern-check';

interface PatternGroup {
  pattern: LoadPattern;
  group: GroupResult;
  /** Each quotable row's standing, worked out once: its intervals are bootstraps, seconds of work for a whole check. */
  standings: Map<string, Standing>;
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
    const systems = [...new Set(groups.flatMap((g) => g.cells.map((c) => c.style)))];
    const patterns = groups.map((group) => ({ pattern: group.setup.params.loadPattern, group, standings: standingsOf(group) }));
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

/** What a pair is ordered on under one pattern: throughput, or, where a load side was the limit, CPU per message. */
interface Standing {
  loadBound: boolean;
  ops: number;
  opsInterval: MedianInterval;
  cpuUs: number;
  cpuInterval: MedianInterval;
}

function standingsOf(group: GroupResult): Map<string, Standing> {
  const standings = new Map<string, Standing>();
  for (const cell of group.cells.filter(hasQuotableFigures)) {
    const trials = measuredTrials(cell);
    const opsInterval = medianInterval(trials.map((t) => t.opsPerSec));
    const cpuInterval = medianInterval(trials.map(cpuUsPerOp));
    standings.set(cell.style, { loadBound: (loadCpuOf(cell) ?? 0) >= LOAD_SATURATED_PERCENT, ops: opsInterval.median, opsInterval, cpuUs: cpuInterval.median, cpuInterval });
  }
  return standings;
}

const usFigure = (v: number): string => v.toFixed(v < 10 ? 2 : 1);
const us = (v: number): string => `${usFigure(v)} µs`;

/** For each pair of rows: the patterns under which one is ahead of the other beyond noise; both ways is a flip. */
function flipsOf(patterns: readonly PatternGroup[], systems: readonly string[]): string[] {
  const flips: string[] = [];
  for (const [i, a] of systems.entries()) {
    for (const b of systems.slice(i + 1)) {
      const ahead: { aFirst: boolean; text: string }[] = [];
      for (const { pattern, standings } of patterns) {
        const sa = standings.get(a);
        const sb = standings.get(b);
        if (!sa || !sb) continue;
        if (sa.loadBound || sb.loadBound) {
          if (compareIntervals(sa.cpuInterval, sb.cpuInterval).verdict !== 'apart') continue;
          const aFirst = sa.cpuUs < sb.cpuUs;
          ahead.push({ aFirst, text: `on CPU per message under ${pattern.name}, where the load generator was the limit (${us(sa.cpuUs)} against ${us(sb.cpuUs)})` });
        } else {
          if (compareIntervals(sa.opsInterval, sb.opsInterval).verdict !== 'apart') continue;
          ahead.push({ aFirst: sa.ops > sb.ops, text: `on throughput under ${pattern.name} (${num(sa.ops)} against ${num(sb.ops)} msgs/s)` });
        }
      }
      const first = ahead.find((x) => x.aFirst);
      const second = ahead.find((x) => !x.aFirst);
      if (first && second) flips.push(`${a} ahead of ${b} ${first.text}, behind it ${second.text}`);
    }
  }
  return flips;
}

/** Styles ahead of raw beyond noise: on throughput, or on CPU per message where a load side was the limit. */
function aboveRawOf(patterns: readonly PatternGroup[]): string[] {
  const out: string[] = [];
  for (const { pattern, group, standings } of patterns) {
    const raw = standings.get('raw');
    for (const cell of group.cells) {
      if (cell.style === 'raw' || isReferenceName(cell.style)) continue;
      const own = standings.get(cell.style);
      if (!raw || !own) continue;
      if (raw.loadBound || own.loadBound) {
        if (compareIntervals(own.cpuInterval, raw.cpuInterval).verdict === 'apart' && own.cpuUs < raw.cpuUs) {
          out.push(`${cell.style} under ${pattern.name}: ${us(own.cpuUs)} of CPU per message against raw's ${us(raw.cpuUs)} (the load generator the limit)`);
        }
        continue;
      }
      const ratio = ratioTo(group, cell, 'raw');
      if (ratio && ratio.method !== 'not-computable' && ratio.low > 1) out.push(`${cell.style} under ${pattern.name}: ${ratio.ratio.toFixed(2)}× raw (95% interval ${ratio.low.toFixed(2)}–${ratio.high.toFixed(2)})`);
    }
  }
  return out;
}

/** 1 for the fastest quotable row of a group. */
function ranks(standings: Map<string, Standing>, systems: readonly string[]): Map<string, number> {
  const figures = systems.flatMap((s) => {
    const standing = standings.get(s);
    return standing ? [{ s, ops: standing.ops }] : [];
  });
  figures.sort((x, y) => y.ops - x.ops);
  return new Map(figures.map((f, i) => [f.s, i + 1]));
}

function table(c: LoadPatternComparison): string {
  const rankOf = c.patterns.map(({ standings }) => ranks(standings, c.systems));
  const header = ['row', ...c.patterns.flatMap(({ pattern, group }) => [`[${pattern.name}](#${groupAnchorId(group)}) msgs/s (rank)`, 'CPU µs/msg'])];
  const rows = c.systems.map((s) => [
    isReferenceName(s) ? `*${s}*` : s,
    ...c.patterns.flatMap(({ standings }, i) => {
      const standing = standings.get(s);
      if (!standing) return ['no figures', '—'];
      return [`${standing.loadBound ? '≥ ' : ''}${num(standing.ops)} (${rankOf[i]!.get(s)})`, usFigure(standing.cpuUs)];
    }),
  ]);
  return markdownTable([header, ...rows], { align: ['l', ...c.patterns.flatMap(() => ['r', 'r'] as const)] });
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
      'A ranking that holds under one pattern only would measure the pattern, not the styles. A *flip* is two rows in one order under one pattern and in the other order under another, both beyond noise (the 95% intervals of the medians do not overlap); ranks that move within the noise are not flips. ' +
      `A throughput marked ≥ had its load generator at ${LOAD_SATURATED_PERCENT}% of its core or more: it is a lower bound, the generator's as much as the row's, so a pair with such a row is ordered on CPU per message (lower first) under that pattern.`,
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
