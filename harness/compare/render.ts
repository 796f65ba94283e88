/**
 * A run comparison as a markdown section (for a file) and as a plain-text table (for a terminal). Both carry the same
 * cells; only the framing differs. Pure.
 */
import { markdownTable } from 'markdown-table';
import type { MedianInterval } from '../stats/median-interval.ts';
import { relativeHalfWidth } from '../stats/median-interval.ts';
import type { RatioInterval } from '../stats/difference.ts';
import type { FigureComparison, RunComparison, RunSide } from './compare.ts';

/** Thousands separators for large figures, three significant digits for small ones (latencies in ms). */
export function formatFigure(v: number): string {
  const a = Math.abs(v);
  if (a >= 100) return v.toLocaleString('en-US', { maximumFractionDigits: 0 });
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  return a === 0 ? '0' : v.toPrecision(3);
}

const signed = (pct: number): string => `${pct > 0 ? '+' : pct < 0 ? '−' : '±'}${Math.abs(pct).toFixed(1)}%`;

function sideCell(s: MedianInterval): string {
  const half = relativeHalfWidth(s);
  return `${formatFigure(s.median)} ±${half === undefined ? '?' : `${Math.round(half * 100)}%`}`;
}

function changeInterval(r: RatioInterval): string {
  return r.method === 'not-computable' ? '?' : `${signed((r.low - 1) * 100)} … ${signed((r.high - 1) * 100)}`;
}

function pCell(row: FigureComparison): string {
  const t = row.test;
  return `p=${t.p >= 0.001 ? t.p.toFixed(3) : t.p.toExponential(1)} n=${t.n[0]}+${t.n[1]}`;
}

function verdictCell(row: FigureComparison, strong: (s: string) => string): string {
  switch (row.verdict) {
    case 'same':
      return '~';
    case 'too-few-trials':
      return '~ (too few trials)';
    case 'better':
      return 'better';
    case 'worse':
      return row.regression ? strong('worse: regression') : strong('worse');
  }
}

function cells(row: FigureComparison, strong: (s: string) => string): string[] {
  return [row.style, row.label, sideCell(row.sides[0]), sideCell(row.sides[1]), row.changePct === undefined ? '—' : signed(row.changePct), changeInterval(row.ratio), pCell(row), verdictCell(row, strong)];
}

function header(c: RunComparison): string[] {
  return ['style', 'figure', c.sides[0].name, c.sides[1].name, 'change', '95% CI of change', 'Mann–Whitney', 'verdict'];
}

function byGroup(rows: readonly FigureComparison[]): Array<{ title: string; id: string; rows: FigureComparison[] }> {
  const groups: Array<{ title: string; id: string; rows: FigureComparison[] }> = [];
  for (const r of rows) {
    const last = groups[groups.length - 1];
    if (last && last.id === r.groupId) last.rows.push(r);
    else groups.push({ title: r.groupTitle, id: r.groupId, rows: [r] });
  }
  return groups;
}

function sideLine(s: RunSide): string {
  return `${s.name}: run of ${s.startedAt}, commit ${s.gitCommit}, \`${s.command}\``;
}

const LEGEND = (c: RunComparison): string =>
  `Each side: the median of its trials ± the larger half of its 95% interval (order statistics from 6 trials; a bootstrap, approximate, from 3 to 5; ? below 3). ` +
  `change: ${c.sides[1].name}'s median against ${c.sides[0].name}'s, with the 95% bootstrap interval of their ratio. ` +
  `Mann–Whitney: two-sided U test on the trials; ~ means no significant change at α=${c.alpha}.`;

function decisionLine(c: RunComparison): string | undefined {
  if (c.decision === 'no-gate') return undefined;
  const limit = `--fail-on-regression ${c.failOnRegressionPct}%`;
  if (c.decision === 'pass') return `${limit}: pass (no figure significantly worse by more than ${c.failOnRegressionPct}%)`;
  if (c.decision === 'undecided') {
    return `${limit}: undecided: no figure was found significantly worse, but ${c.undecidedCount} of ${c.rows.length} had too few trials to be judged at all`;
  }
  const list = c.regressions.map((r) => `${r.groupId} ${r.style} ${r.label} ${signed(r.changePct ?? 0)}`).join('; ');
  return `${limit}: FAIL: ${c.regressions.length} figure${c.regressions.length === 1 ? '' : 's'} significantly worse by more than ${c.failOnRegressionPct}%: ${list}`;
}

export function renderComparisonMarkdown(c: RunComparison): string {
  const out = [`## Comparison: ${c.sides[0].name} → ${c.sides[1].name}`, '', `- ${sideLine(c.sides[0])}`, `- ${sideLine(c.sides[1])}`, '', LEGEND(c), ''];
  if (c.rows.length === 0) out.push('No figure is present in both runs.', '');
  for (const g of byGroup(c.rows)) {
    const align = ['l', 'l', 'r', 'r', 'r', 'r', 'l', 'l'] as const;
    out.push(`### ${g.title}`, '', markdownTable([header(c), ...g.rows.map((r) => cells(r, (s) => `**${s}**`))], { align: [...align] }), '');
  }
  const notes = [...c.warnings, ...c.unmatched.map((u) => `not compared: ${u}`)];
  if (notes.length > 0) out.push('### Notes', '', ...notes.map((n) => `- ${n}`), '');
  const decision = decisionLine(c);
  if (decision) out.push(`**${decision}**`, '');
  return out.join('\n');
}

/** Columns padded to their widest cell, two spaces apart; numbers right-aligned. */
function textTable(rows: string[][], rightAligned: readonly boolean[]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
  return rows.map((r) =>
    r
      .map((cell, i) => {
        const pad = ' '.repeat(widths[i]! - [...cell].length);
        return rightAligned[i] ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd(),
  );
}

export function renderComparisonText(c: RunComparison): string {
  const out = [sideLine(c.sides[0]).replace(/`/g, ''), sideLine(c.sides[1]).replace(/`/g, ''), ''];
  const right = [false, false, true, true, true, true, false, false];
  for (const g of byGroup(c.rows)) out.push(g.title, ...textTable([header(c), ...g.rows.map((r) => cells(r, (s) => s.toUpperCase()))], right).map((l) => `  ${l}`), '');
  if (c.rows.length === 0) out.push('no figure is present in both runs', '');
  for (const w of c.warnings) out.push(`warning: ${w}`);
  for (const u of c.unmatched) out.push(`not compared: ${u}`);
  out.push('', LEGEND(c));
  const decision = decisionLine(c);
  if (decision) out.push('', decision);
  return `${out.join('\n')}\n`;
}
