/** Renders a RunReport (the JSON) as the markdown report. Pure: same JSON in, same text out. */
import { markdownTable } from 'markdown-table';
import type { CellResult, GroupResult, RunReport } from '../results.ts';
import { hasQuotableFigures, ratioToRaw, summarizeCell } from './summary.ts';

const LOADGEN_SATURATED_PERCENT = 90;

const num = (v: number, digits = 0): string => v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (v: number): string => (v >= 100 ? num(v, 0) : v >= 10 ? num(v, 1) : num(v, 2));
const pct = (fraction: number): string => `${num(fraction * 100, 0)}%`;

function errorsCell(errors: Record<string, number>): string {
  const parts = Object.entries(errors).filter(([, n]) => n > 0).map(([code, n]) => `${code} ${n}`);
  return parts.length ? parts.join(', ') : '0';
}

function groupTable(group: GroupResult): string {
  const opsUnit = group.setup.scenario === 'echo' ? 'msgs/s' : 'URLs/s';
  const header = ['style', 'result', opsUnit, '× raw', 'spread', 'MiB/s', 'p50 ms', 'p90 ms', 'p99 ms', 'p99.9 ms', 'max ms', 'CPU %', 'peak RSS MiB', 'loop delay p99 ms', 'errors'];
  const rows = group.cells.map((cell) => {
    const s = summarizeCell(cell);
    const ratio = ratioToRaw(group, cell);
    const trials = `${s?.trials ?? 0} trials`;
    const result = cell.state === 'completed' ? `ok (${trials})` : s && hasQuotableFigures(cell) ? `**${cell.state}** (${trials})` : `**${cell.state}**`;
    if (!s || !hasQuotableFigures(cell)) return [cell.style, result, ...Array<string>(header.length - 2).fill('—')];
    return [
      cell.style,
      result,
      num(s.opsPerSec),
      cell.style === 'raw' ? '1.00' : ratio === undefined ? '—' : num(ratio, 2),
      `±${pct(s.spread / 2)}`,
      num(s.mibPerSec, 1),
      ms(s.p50),
      ms(s.p90),
      ms(s.p99),
      ms(s.p999),
      ms(s.max),
      num(s.cpuPercent, 0),
      num(s.peakRssMiB, 0),
      ms(s.loopDelayP99Ms),
      errorsCell(s.errors),
    ];
  });
  return markdownTable([header, ...rows], { align: ['l', 'l', ...Array<'r'>(header.length - 2).fill('r')] });
}

function parametersLine(group: GroupResult): string {
  const { setup } = group;
  if (setup.scenario === 'echo') {
    const p = setup.params;
    return `Parameters: ${p.connections} connections, ${p.size} B messages, one in flight per connection, ${num(p.durationMs / 1000, 1)} s per trial (at most ${num(p.maxMessagesPerConnection)} messages per connection).`;
  }
  const p = setup.params;
  return `Parameters: ${num(p.urls)} URLs of ${p.size} B per trial, at most ${p.concurrency} in flight, ${num(p.timeoutMs)} ms per-request timeout.`;
}

function failureNote(group: GroupResult, cell: CellResult): string[] {
  if (cell.state === 'completed') return [];
  const lines = [`- **${cell.style}** on ${group.title}: ${cell.state} — ${cell.message}`];
  if (cell.state !== 'unavailable' && cell.stderrTail) {
    const tail = cell.stderrTail.split('\n').slice(-12).join('\n');
    lines.push('', '  ```text', ...tail.split('\n').map((l) => `  ${l}`), '  ```');
  }
  return lines;
}

function loadSideNote(group: GroupResult): string[] {
  const figures = group.cells
    .map((c) => ({ style: c.style, cpu: summarizeCell(c)?.loadCpuPercent }))
    .filter((f): f is { style: CellResult['style']; cpu: number } => f.cpu !== undefined);
  if (figures.length === 0) return [];
  const side = group.setup.scenario === 'echo' ? 'load generator' : 'target server';
  const worst = Math.max(...figures.map((f) => f.cpu));
  const list = figures.map((f) => `${f.style} ${num(f.cpu)}%`).join(', ');
  const verdict =
    worst >= LOADGEN_SATURATED_PERCENT
      ? `saturated (≥ ${LOADGEN_SATURATED_PERCENT}% of a core): the ${side} may be the limit, so these throughputs are lower bounds`
      : `not saturated (below ${LOADGEN_SATURATED_PERCENT}% of a core)`;
  return [`- ${side[0]!.toUpperCase()}${side.slice(1)} CPU on ${group.title} (median per style): ${list}: ${verdict}.`];
}

function stylesSection(report: RunReport): string[] {
  const entries = Object.entries(report.styles ?? {});
  if (entries.length === 0) return [];
  const lines = entries.map(([style, info]) => `- **${style}**: ${info.description}${info.machinery ? `. ${info.machinery}` : ''}`);
  return ['## Styles', '', ...lines, ''];
}

export function renderMarkdown(report: RunReport): string {
  const m = report.meta;
  const out: string[] = ['# concurrency-testbed report', ''];
  if (m.interrupted) out.push('> **Interrupted**: this run was stopped before it finished; cells marked *aborted* are incomplete.', '');
  out.push(
    `- Date: ${m.startedAt} → ${m.finishedAt}`,
    `- Node ${m.node} on ${m.platform}; CPU: ${m.cpuModel} × ${m.cpuCount}`,
    `- Core pinning: ${m.pinning.detail}`,
    ...(m.echoLoadGenerator ? [`- Echo load generator: ${m.echoLoadGenerator}`] : []),
    `- Git commit: ${m.gitCommit}`,
    `- Trials: ${m.trials} per cell after a warm-up (${m.warmupMs} ms for echo, one full job for URL-fetch); figures are medians across trials, interleaved across styles`,
    `- Command: \`${m.command}\``,
    '',
    'Throughput is per second of a trial; *× raw* is the median throughput as a fraction of the raw baseline in the same group; ' +
      '*spread* is half the range of trial throughputs relative to the median. Latency is per operation (one URL, or one message round trip) ' +
      'from an HdrHistogram; CPU %, peak RSS and event-loop delay are of the process under test (the style, or raw).',
    '',
  );
  out.push(...stylesSection(report));
  for (const group of report.groups) out.push(`## ${group.title}`, '', parametersLine(group), '', groupTable(group), '');
  const notes = report.groups.flatMap((g) => [...loadSideNote(g), ...g.cells.flatMap((c) => failureNote(g, c))]);
  if (notes.length) out.push('## Notes', '', ...notes, '');
  return out.join('\n');
}
