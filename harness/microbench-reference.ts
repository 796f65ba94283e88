/**
 * The Python references' rows of `testbed microbench`: impls/reference/microbench.py measures the real systems'
 * primitives (gevent spawn + join and switch, asyncio create_task + await and sleep(0), Tornado add_callback) in a
 * child process, run after the styles' benches so that the two never share the CPU.
 *
 * Python reports each repetition's per-operation time; a row's mean and p99 are taken over those the way tinybench
 * takes them over the styles' batch means, so the columns mean the same on every row. (With a few repetitions, p99
 * is the slowest one.)
 */
import { execa } from 'execa';
import { findPython, INSTALL_COMMAND, referenceScript } from '../impls/reference/references.ts';
import type { StyleName } from '../impls/contract.ts';
import type { MicrobenchRow } from './microbench.ts';

/** Which style imitates each system, and the reference's name. */
const SYSTEMS: Record<string, { style: StyleName; reference: string }> = {
  gevent: { style: 'fiber', reference: 'py-gevent' },
  asyncio: { style: 'async', reference: 'py-asyncio' },
  Tornado: { style: 'callback', reference: 'py-tornado' },
};
const RUN_TIMEOUT_MS = 180_000;

type PythonRow =
  | { id: string; system: string; version: string; name: string; medianNs: number; spreadPct: number; samplesNs: number[] }
  | { id: string; system: string; skipped: string };

interface PythonReport {
  python: string;
  rows: PythonRow[];
}

/** A reference row, with the style whose rows it belongs beside. */
export interface ReferenceRow extends MicrobenchRow {
  beside?: StyleName;
}

function skippedRow(name: string, reason: string, beside?: StyleName): ReferenceRow {
  return { name: `${name}: skipped — ${reason} (install: ${INSTALL_COMMAND})`, opsPerSec: 0, meanNs: 0, p99Ns: 0, samples: 0, skipped: reason, ...(beside ? { beside } : {}) };
}

export function toRow(row: PythonRow, python: string): ReferenceRow {
  const known = SYSTEMS[row.system];
  const reference = known?.reference ?? `py-${row.system.toLowerCase()}`;
  if ('skipped' in row) return skippedRow(reference, row.skipped, known?.style);
  const sorted = [...row.samplesNs].sort((a, b) => a - b);
  const meanNs = sorted.reduce((sum, v) => sum + v, 0) / sorted.length;
  return {
    name: `${reference} (${row.system} ${row.version}, Python ${python}): ${row.name}`,
    opsPerSec: meanNs > 0 ? 1e9 / meanNs : 0,
    meanNs,
    p99Ns: sorted[Math.max(0, Math.ceil(sorted.length * 0.99) - 1)] ?? 0,
    samples: sorted.length,
    ...(known ? { beside: known.style } : {}),
  };
}

/** Runs microbench.py; a Python that is missing or fails gives one skipped row saying why. */
export async function referenceMicrobenchRows(options: { quick?: boolean; python?: string }): Promise<ReferenceRow[]> {
  const python = options.python ?? findPython();
  const args = ['-B', referenceScript('microbench.py'), '--json', ...(options.quick ? ['--quick'] : [])];
  const r = await execa(python, args, { reject: false, timeout: RUN_TIMEOUT_MS, stdin: 'ignore' });
  if (r.failed) {
    const why = (r as { code?: string }).code === 'ENOENT' ? `no Python interpreter at '${python}' (set TESTBED_PYTHON)` : `microbench.py failed: ${(r.stderr ?? '').trim().split('\n').at(-1) || r.shortMessage}`;
    return [skippedRow('Python references', why)];
  }
  let report: PythonReport;
  try {
    report = JSON.parse(r.stdout) as PythonReport;
  } catch {
    return [skippedRow('Python references', `microbench.py printed something that is not JSON: ${r.stdout.slice(0, 200)}`)];
  }
  return report.rows.map((row) => toRow(row, report.python));
}

/** The styles' rows with each reference row placed after the last row of the style that imitates its system. */
export function interleave(rows: MicrobenchRow[], references: ReferenceRow[]): MicrobenchRow[] {
  const out = [...rows];
  for (const { beside, ...row } of references) {
    const at = beside === undefined ? -1 : out.map((r) => r.name.startsWith(`${beside}:`)).lastIndexOf(true);
    // After the style's own rows and any reference rows already placed there.
    let i = at === -1 ? out.length : at + 1;
    while (at !== -1 && i < out.length && out[i]!.name.startsWith('py-')) i++;
    out.splice(i, 0, row);
  }
  return out;
}
