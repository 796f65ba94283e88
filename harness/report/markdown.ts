/** Renders a RunReport (the JSON) as the markdown report. Pure: same JSON in, same text out. */
import { markdownTable } from 'markdown-table';
import type { CellResult, GroupResult, RunReport } from '../results.ts';
import type { RatioInterval } from '../stats/difference.ts';
import { relativeHalfWidth } from '../stats/median-interval.ts';
import { isReferenceName, namesakeOf } from '../systems.ts';
import { chartMarkdown, type ChartFile } from './charts/link.ts';
import { faultReferences, renderFaults } from './faults.ts';
import { hasQuotableFigures, LOAD_SATURATED_PERCENT, loadCpuOf, ratioTo, summarizeCell, withinNoise, type CellSummary } from './summary.ts';
import { loopModeSentence, openLoopSection } from './open-loop.ts';
import { renderScale } from './scale.ts';
import { renderSweeps } from './sweep.ts';
import { anchor, groupAnchorId, SECTION } from './anchors.ts';
import { renderClaims } from './claims.ts';
import { renderCode, rowCodeLink } from './code.ts';
import type { CodeExtract } from './code/extract.ts';
import { renderFindings } from './findings.ts';
import { renderLoadPatternCheck } from './load-pattern.ts';
import { describeLoadPattern } from '../../scenarios/echo.ts';
import { renderRace } from './race.ts';


const num = (v: number, digits = 0): string => v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (v: number): string => (v >= 100 ? num(v, 0) : v >= 10 ? num(v, 1) : num(v, 2));
const pct = (fraction: number): string => `${num(fraction * 100, 0)}%`;

function errorsCell(errors: Record<string, number>): string {
  const parts = Object.entries(errors).filter(([, n]) => n > 0).map(([code, n]) => `${code} ${n}`);
  return parts.length ? parts.join(', ') : '0';
}

/** `2.49` with a `~` when its interval holds 1.0 (the two rows cannot be told apart), `?` without an interval. */
function ratioCell(ratio: RatioInterval | undefined): string {
  if (!ratio || Number.isNaN(ratio.ratio)) return '—';
  const noise = withinNoise(ratio);
  return `${num(ratio.ratio, 2)}${noise === undefined ? '?' : noise ? ' ~' : ''}`;
}

function throughputCell(s: CellSummary): string {
  const half = relativeHalfWidth(s.interval);
  return `${num(s.opsPerSec)} ${half === undefined ? '±?' : `±${pct(half)}`}`;
}

/** A reference row is named as one: the real system, in italics. */
const rowName = (style: string): string => (isReferenceName(style) ? `*${style}*` : style);

function groupTable(group: GroupResult, code?: CodeExtract): string {
  const opsUnit = group.setup.scenario === 'url-fetch' ? 'URLs/s' : group.setup.scenario === 'cpu' ? 'requests/s' : 'msgs/s';
  const cpu = group.setup.scenario === 'cpu';
  const header = ['row', 'result', `${opsUnit} (95% CI)`, '× raw', '× namesake', 'CPU µs/op', 'p50 ms', 'p99 ms', 'p99.9 ms', 'max ms', 'CPU %', 'peak RSS MiB', 'loop delay p99 ms', ...(cpu ? ['pool use'] : []), 'errors'];
  const rows = group.cells.map((cell) => {
    const s = summarizeCell(cell);
    const result = resultCell(cell, s && hasQuotableFigures(cell) ? ` (${s.trials} trials)` : '');
    const name = rowCodeLink(rowName(cell.style), code, group.setup.scenario, cell.style);
    if (!s || !hasQuotableFigures(cell)) return [name, result, ...Array<string>(header.length - 2).fill('—')];
    const namesake = namesakeOf(cell.style);
    const toNamesake = namesake ? ratioTo(group, cell, namesake) : undefined;
    return [
      name,
      result,
      throughputCell(s),
      cell.style === 'raw' ? '1.00' : ratioCell(ratioTo(group, cell, 'raw')),
      toNamesake ? `${ratioCell(toNamesake)} (${namesake})` : '—',
      num(s.cpuUsPerOp, s.cpuUsPerOp < 10 ? 2 : 1),
      ms(s.p50),
      ms(s.p99),
      ms(s.p999),
      ms(s.max),
      num(s.cpuPercent, 0),
      num(s.peakRssMiB, 0),
      s.loopDelayP99Ms === null ? 'n/a' : ms(s.loopDelayP99Ms),
      ...(cpu ? [s.poolUse === null ? '—' : pct(s.poolUse)] : []),
      errorsCell(s.errors),
    ];
  });
  return markdownTable([header, ...rows], { align: ['l', 'l', ...Array<'r'>(header.length - 2).fill('r')] });
}

/** A load side's failure is shown as such, never in the words used for a style's own faults. */
function resultCell(cell: CellResult, trials: string): string {
  if (cell.state === 'completed') return `ok${trials}`;
  if (cell.state === 'load-failed') return `*load side failed*${trials}`;
  return `**${cell.state}**${trials}`;
}

function parametersLine(group: GroupResult): string {
  const { setup } = group;
  if (setup.scenario === 'echo') {
    const p = setup.params;
    return `Parameters: ${p.connections} connections, ${p.size} B messages, one in flight per connection, ${num(p.durationMs / 1000, 1)} s per trial (at most ${num(p.maxMessagesPerConnection)} messages per connection). ${loopModeSentence(p)}${p.loadPattern ? ` Load pattern ${p.loadPattern.name}: ${describeLoadPattern(p.loadPattern)}.` : ''}`;
  }
  if (setup.scenario === 'cpu') {
    const p = setup.params;
    const where = p.mode === 'inline' ? 'on the loop, blocking it' : `in ${p.threads} worker threads, through each style's own executor idiom`;
    return (
      `Parameters: ${p.connections} connections, one ${p.size} B request in flight on each; every request needs ${num(p.iterations)} iterations of the ` +
      `hash loop (≈ ${p.workMs} ms of CPU here, calibrated at the start of the run), done ${where}; ${num(p.durationMs / 1000, 1)} s per trial. ` +
      'The server may use both cores (the load generator, a few hundred small requests a second, shares one).'
    );
  }
  const p = setup.params;
  return `Parameters: ${num(p.urls)} URLs of ${p.size} B per trial, at most ${p.concurrency} in flight, ${num(p.timeoutMs)} ms per-request timeout.`;
}

function lastWords(stderrTail: string | undefined): string[] {
  if (!stderrTail) return [];
  const tail = stderrTail.split('\n').slice(-12);
  return ['', '  ```text', ...tail.map((l) => `  ${l}`), '  ```'];
}

function failureNote(group: GroupResult, cell: CellResult): string[] {
  if (cell.state === 'completed') return [];
  if (cell.state === 'load-failed') return [`- **${cell.style}** on ${group.title}: load side failed, not the style — ${cell.message}`];
  return [`- **${cell.style}** on ${group.title}: ${cell.state} — ${cell.message}`, ...(cell.state !== 'unavailable' ? lastWords(cell.stderrTail) : [])];
}

/** The load side's own failures in a group, with its last words: they belong to no style's row. */
function loadSideFailureNotes(group: GroupResult): string[] {
  return (group.loadSideFailures ?? []).flatMap((f) => {
    const recovery = f.restarted ? '; restarted for the remaining cells' : f.restartFailure ? `; ${f.restartFailure}` : '';
    return [`- **Load side** (${f.side}) on ${group.title}, ${f.during}: ${f.message}${recovery}.`, ...lastWords(f.stderrTail)];
  });
}

function loadSideNote(group: GroupResult): string[] {
  const figures = group.cells
    .map((c) => ({ style: c.style, cpu: loadCpuOf(c) }))
    .filter((f): f is { style: CellResult['style']; cpu: number } => f.cpu !== undefined);
  if (figures.length === 0) return [];
  const side = group.setup.scenario === 'url-fetch' ? 'target server' : 'load generator';
  const worst = Math.max(...figures.map((f) => f.cpu));
  const list = figures.map((f) => `${f.style} ${num(f.cpu)}%`).join(', ');
  const verdict =
    worst >= LOAD_SATURATED_PERCENT
      ? `saturated (≥ ${LOAD_SATURATED_PERCENT}% of a core): the ${side} may be the limit, so these throughputs are lower bounds`
      : `not saturated (below ${LOAD_SATURATED_PERCENT}% of a core)`;
  return [`- ${side[0]!.toUpperCase()}${side.slice(1)} CPU on ${group.title} (median per style): ${list}: ${verdict}.`];
}

/** Which real systems were looked for, and each one skipped with why and how to install it. */
function referencesSection(report: RunReport): string[] {
  const info = report.references;
  if (!info) return [];
  const lines = [`References (the real Python systems, rows in *italics*) were looked for with \`${info.python}\`.`];
  if (info.skipped.length === 0) lines.push('All of them ran.');
  else {
    const installs = [...new Set(info.skipped.map((s) => s.install))].join(', ');
    lines.push('', ...info.skipped.map((s) => `- *${s.reference}* (${s.scenario}): skipped: ${s.reason}`), '', `Install them with \`${installs}\`.`);
  }
  return ['## References', '', ...lines, ''];
}

function stylesSection(report: RunReport): string[] {
  const entries = Object.entries(report.styles ?? {});
  if (entries.length === 0) return [];
  const lines = entries.map(([style, info]) => `- **${style}**: ${info.description}${info.machinery ? `. ${info.machinery}` : ''}`);
  return [
    '## Styles',
    '',
    ...lines,
    '',
    'Each style\'s fidelity to the system it imitates is checked, not asserted: the conformance suite (`conformance/`) runs the same steps against the style and the real system and compares their transcripts, and every difference kept on purpose is listed with its reason in [docs/departures.md](../docs/departures.md) (a link that works from the repository\'s `reports/`).',
    '',
  ];
}

/** The images of `charts` that belong with `where` (a group id, or a chart file name's start). */
function images(charts: readonly ChartFile[], where: (c: ChartFile) => boolean): string[] {
  const found = charts.filter(where);
  return found.length > 0 ? [...found.map(chartMarkdown), ''] : [];
}

/**
 * `charts`: the chart files written beside the report, or why none could be drawn; absent, the report has no charts
 * (tests, and any caller that renders without writing).
 */
export function renderMarkdown(report: RunReport, charts: readonly ChartFile[] | string = []): string {
  const drawn = typeof charts === 'string' ? [] : charts;
  const m = report.meta;
  const out: string[] = ['# concurrency-testbed report', ''];
  if (m.interrupted) out.push('> **Interrupted**: this run was stopped before it finished; cells marked *aborted* are incomplete.', '');
  out.push(...renderFindings(report, drawn));
  out.push(
    `- Date: ${m.startedAt} → ${m.finishedAt}`,
    `- Node ${m.node} on ${m.platform}; CPU: ${m.cpuModel} × ${m.cpuCount}`,
    `- Core pinning: ${m.pinning.detail}`,
    ...(m.echoLoadGenerator ? [`- Echo load generator: ${m.echoLoadGenerator}`] : []),
    ...(m.allocator ? [`- Allocator: ${m.allocator}`] : []),
    `- Git commit: ${m.gitCommit}`,
    `- Trials: ${m.trials} per cell after a warm-up (${m.warmupMs} ms for echo and cpu; for URL-fetch, whole jobs repeated until ${m.warmupMs} ms have passed); figures are medians across trials, interleaved across styles`,
    `- Command: \`${m.command}\``,
    '',
    'Throughput is per second of a trial, the median across trials with the half-width of its 95% interval (`±?`: too few trials for one). ' +
      '*× raw* and *× namesake* divide it by raw\'s and by the real system the style imitates (a reference row, in *italics*) in the same ' +
      'group: `~` marks a ratio whose interval holds 1.0, a difference within the run\'s noise. *CPU µs/op* is what one operation cost the ' +
      'process under test: it compares rows even where the load side was the limit. Latency is per operation (one URL, or one message round ' +
      'trip) from an HdrHistogram; CPU %, peak RSS and event-loop delay are of the process under test (loop delay is n/a for a Python reference, ' +
      'measured from outside).',
    '',
  );
  out.push(...stylesSection(report), ...referencesSection(report));
  if (typeof charts === 'string') out.push(`> The charts could not be drawn: ${charts}`, '');
  for (const group of report.groups.filter((g) => !g.setup.sweep)) {
    out.push(anchor(groupAnchorId(group)), `## ${group.title}`, '', parametersLine(group), '', groupTable(group, report.code), '', ...openLoopSection(group), ...images(drawn, (c) => c.groupId === group.id));
  }
  out.push(...renderLoadPatternCheck(report));
  out.push(...renderSweeps(report, drawn));
  out.push(...images(drawn, (c) => c.path.includes('/offload-')));
  out.push(...renderRace(report.race, report.code));
  if (report.faults) out.push(anchor(SECTION.faults), ...renderFaults(report.faults, faultReferences(report.faults)), '', ...images(drawn, (c) => c.path.endsWith('/faults.svg')));
  if (report.scale) out.push(...renderScale(report.scale));
  out.push(...renderClaims(report));
  const notes = report.groups.flatMap((g) => [...loadSideNote(g), ...loadSideFailureNotes(g), ...g.cells.flatMap((c) => failureNote(g, c))]);
  if (notes.length) out.push('## Notes', '', ...notes, '');
  out.push(...renderCode(report.code));
  return out.join('\n');
}
