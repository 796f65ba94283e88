/**
 * The fault matrix as markdown: a summary per system (where its injected errors ended up, crashes, hangs, leaks),
 * then one table per case with a line per system and idiom, each line beside its reference's outcome where the run
 * has one, and the echo attack. Pure: same result in, same text out.
 */
import { markdownTable } from 'markdown-table';
import { median } from 'simple-statistics';
import type { FaultCaseId } from '../../impls/contract.ts';
import { FAULT_CASES } from '../../scenarios/faults.ts';
import { comparable, compareRows, type ComparableRow, type Verdict } from '../faults/compare.ts';
import type { FaultRow } from '../faults/classify.ts';
import type { FaultMatrixResult, FaultMatrixRow } from '../faults/matrix.ts';
import type { StyleName } from '../../impls/contract.ts';
import { FAULT_NAMESAKE, loadReferenceMatrix, referenceRow, type ReferenceMatrix } from '../faults/references.ts';

/** The reference a style's row is held to: a row of the same run, or a committed outcome. */
export type ReferenceLookup = (system: string, caseId: FaultCaseId, idiom: string) => { name: string; outcome: ComparableRow } | undefined;

/**
 * Holds each style's row to its namesake's (harness/faults/references.ts FAULT_NAMESAKE) for the same case and
 * idiom: the row of the same run where the real system ran in it, else its committed row
 * (scenarios/faults.reference.json), named as such.
 */
export function faultReferences(result: FaultMatrixResult, committed: ReferenceMatrix = loadReferenceMatrix()): ReferenceLookup {
  return (system, caseId, idiom) => {
    const namesake = FAULT_NAMESAKE[system as StyleName];
    if (!namesake) return undefined;
    const ref = result.rows.find((r) => r.system === namesake && r.case === caseId && r.idiom === idiom && !r.row.unsupported);
    if (ref) return { name: namesake, outcome: comparable(ref.row) };
    const row = referenceRow(committed, namesake, caseId, idiom);
    return row ? { name: `${namesake}, committed ${row.date}`, outcome: row.comparable } : undefined;
  };
}

const cut = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const esc = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function surfacedCell(r: FaultRow): string {
  if (r.surfaced === 'none') return 'none';
  const form = r.form.join(', ');
  return `${r.surfaced === 'raised' ? 'raised' : 'as value'}: ${esc(cut(form, 60))}`;
}

function processCell(r: FaultRow): string {
  if (r.processAlive) return 'alive';
  return `**died** (${r.signal ? r.signal : `exit ${r.exitCode}`})`;
}

function leakCell(r: FaultRow): string {
  const parts: string[] = [];
  if (r.leaked.children > 0) parts.push(`${r.leaked.children} children`);
  if (r.leaked.requestsOpen > 0) parts.push(`${r.leaked.requestsOpen} requests open`);
  return parts.length ? `**${parts.join(', ')}**` : '—';
}

function verdictCell(verdict: Verdict | undefined, reference: string | undefined): string {
  if (!verdict || !reference) return '';
  return verdict.match ? `match (${reference})` : `**differs** from ${reference}: ${esc(cut(verdict.differences.join('; '), 160))}`;
}

function caseTable(rows: FaultMatrixRow[], lookup: ReferenceLookup | undefined): string {
  const header = ['system', 'idiom', 'surfaced', 'logged', 'process', 'caller', 'siblings done / cancelled', 'finally ran', 'leaked', 'detect ms', 'errors reached / logged / vanished', 'vs reference'];
  const lines = rows.map((m) => {
    const r = m.row;
    if (r.unsupported) return [m.system, m.idiom, `not run: ${esc(r.unsupported)}`, ...Array<string>(header.length - 3).fill('')];
    const ref = lookup?.(m.system, m.case, m.idiom);
    const verdict = ref ? compareRows(comparable(r), ref.outcome) : undefined;
    return [
      m.systemKind === 'reference' ? `*${m.system}*` : m.system,
      m.idiom,
      surfacedCell(r),
      r.logged ? `yes: ${esc(cut(r.logSummary.find((l) => !l.startsWith('traceback')) ?? r.logSummary[0] ?? '', 50))}` : 'no',
      processCell(r),
      r.callerHung ? '**hung**' : 'returned',
      `${r.siblingsCompleted} / ${r.siblingsCancelled}`,
      `${r.finallyRan}/${r.childrenStarted}`,
      leakCell(r),
      r.detectMs === null ? '—' : String(r.detectMs),
      `${r.errors.reachedCaller} / ${r.errors.onlyLogged} / ${r.errors.vanished}`,
      verdictCell(verdict, ref?.name),
    ];
  });
  return markdownTable([header, ...lines], { align: ['l', 'l', 'l', 'l', 'l', 'l', 'r', 'r', 'l', 'r', 'r', 'l'] });
}

interface SystemSummary {
  system: string;
  rows: number;
  injected: number;
  reached: number;
  onlyLogged: number;
  vanished: number;
  crashes: number;
  hung: number;
  leaks: number;
  detect: number[];
  compared: number;
  matching: number;
}

function summaries(result: FaultMatrixResult, lookup: ReferenceLookup | undefined): SystemSummary[] {
  const by = new Map<string, SystemSummary>();
  for (const m of result.rows) {
    if (m.row.unsupported) continue;
    const s = by.get(m.system) ?? { system: m.system, rows: 0, injected: 0, reached: 0, onlyLogged: 0, vanished: 0, crashes: 0, hung: 0, leaks: 0, detect: [], compared: 0, matching: 0 };
    by.set(m.system, s);
    const r = m.row;
    s.rows++;
    s.injected += r.errors.injected;
    s.reached += r.errors.reachedCaller;
    s.onlyLogged += r.errors.onlyLogged;
    s.vanished += r.errors.vanished;
    if (!r.processAlive) s.crashes++;
    if (r.callerHung) s.hung++;
    if (r.leaked.children > 0 || r.leaked.requestsOpen > 0) s.leaks++;
    if (r.detectMs !== null && r.errors.injected > 0) s.detect.push(r.detectMs);
    const ref = lookup?.(m.system, m.case, m.idiom);
    if (ref) {
      s.compared++;
      if (compareRows(comparable(r), ref.outcome).match) s.matching++;
    }
  }
  return [...by.values()];
}

function echoAttackTable(result: FaultMatrixResult): string {
  const header = ['system', 'process', 'good clients served during the attack', 'good messages (mismatched)', 'slow 1 MiB reader', 'stalling clients', 'fds not released', 'logged'];
  const lines = result.echoAttack.map(({ system, systemKind, row }) => [
    systemKind === 'reference' ? `*${system}*` : system,
    row.processAlive ? 'alive' : `**died** (${row.signal ?? `exit ${row.exitCode}`})`,
    `${row.good.servedDuringAttack}/${row.good.clients}`,
    `${row.good.messages} (${row.good.mismatches})`,
    row.slowReader.completed && row.slowReader.correct ? 'all bytes, correct' : `**${row.slowReader.bytesBack} bytes${row.slowReader.correct ? '' : ', wrong'}**`,
    String(row.stallersConnected),
    row.leakedFds === null ? '—' : row.leakedFds > 0 ? `**${row.leakedFds}**` : '0',
    row.logged ? `yes: ${esc(cut(row.logSummary[0] ?? '', 50))}` : 'no',
  ]);
  return markdownTable([header, ...lines]);
}

export function renderFaults(result: FaultMatrixResult, lookup?: ReferenceLookup): string[] {
  const out: string[] = ['## Error propagation: the fault matrix', ''];
  out.push(
    'Each row ran in a process of its own; every category is what was observed: what the caller\'s wait point gave it ' +
      '(*raised*, or errors *as value* among its results), what the process wrote to stderr, how it ended, and what the ' +
      'target server counted for the row (requests completed, abandoned by the client, still open). *Errors reached / ' +
      'logged / vanished* accounts for each injected error: it reached the caller, it was only logged, or nothing showed it. ' +
      '*Detect ms* runs from the fault to the caller getting an error (or, failing that, to the first log line). ' +
      'Reference systems are in *italics*; a style\'s line is compared with its namesake\'s on the same case and idiom.',
    '',
  );
  const sums = summaries(result, lookup);
  if (sums.length > 0) {
    const header = ['system', 'rows', 'errors injected', 'reached the caller', 'only logged', 'vanished', 'crashes', 'callers hung', 'rows with leaks', 'median detect ms', 'fidelity'];
    const lines = sums.map((s) => [
      s.system,
      String(s.rows),
      String(s.injected),
      String(s.reached),
      String(s.onlyLogged),
      String(s.vanished),
      String(s.crashes),
      String(s.hung),
      String(s.leaks),
      s.detect.length ? String(Math.round(median(s.detect))) : '—',
      s.compared ? `${s.matching}/${s.compared} rows match` : '',
    ]);
    out.push('### Summary', '', markdownTable([header, ...lines]), '');
  }
  for (const spec of FAULT_CASES) {
    const rows = result.rows.filter((r) => r.case === spec.id);
    if (rows.length === 0) continue;
    out.push(`### ${spec.title} (\`${spec.id}\`)`, '', spec.steps, '', caseTable(rows, lookup), '');
    const notes = rows.flatMap((m) => m.row.notes.map((n) => `- ${m.system} ${m.idiom}: ${n}`));
    if (notes.length) out.push(...notes, '');
  }
  if (result.echoAttack.length > 0) {
    out.push(
      '### Clients that vanish, read slowly or stall (`echo-client-vanishes`)',
      '',
      'Against each echo server at once: 20 clients reset mid-message, one sends 1 MiB and reads it back slowly, 1,000 connect and stall; ten well-behaved clients keep echoing 4 KiB messages throughout.',
      '',
      echoAttackTable(result),
      '',
    );
  }
  for (const f of result.failedSystems) out.push(`- ${f.system}: no fault rows: ${f.reason}`);
  return out;
}
