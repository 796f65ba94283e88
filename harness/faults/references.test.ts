/**
 * The committed reference matrix (scenarios/faults.reference.json) against the catalogue, and, where the real Python
 * systems are installed, against the systems themselves: their rows must still give the committed categories.
 */
import { execa } from 'execa';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { FAULT_CASE_IDS } from '../../impls/contract.ts';
import { FAULT_PARAMS } from '../../scenarios/faults.ts';
import { comparable, compareRows } from './compare.ts';
import { runFaultMatrix, type FaultMatrixRow } from './matrix.ts';
import { expectedIdioms, loadReferenceMatrix, REFERENCE_SYSTEMS, referenceFaultSystem, referenceRow, type ReferenceSystem } from './references.ts';
import type { FaultSystem } from './matrix.ts';
import { LINGER_MS } from './protocol.ts';

const PY_DIR = fileURLToPath(new URL('../../impls/reference/faults/', import.meta.url));
const matrix = loadReferenceMatrix();
const available = REFERENCE_SYSTEMS.flatMap((ref) => {
  const system = referenceFaultSystem(ref);
  return 'missing' in system ? [] : [{ ref, system }];
});
describe('the committed reference matrix', () => {
  it.each(REFERENCE_SYSTEMS.map((r) => [r.name, r] as const))('has a complete row for every case and idiom %s needs', (_name, ref) => {
    for (const [caseId, idioms] of Object.entries(expectedIdioms(ref))) {
      const byIdiom = matrix.systems[ref.name]?.rows[caseId as (typeof FAULT_CASE_IDS)[number]] ?? {};
      expect(Object.keys(byIdiom).sort(), `${ref.name} ${caseId}`).toEqual([...idioms].sort());
      for (const row of Object.values(byIdiom)) expect(row.version).not.toBe('unknown');
    }
  });
});

describe.skipIf(available.length === 0)('the reference modules', () => {
  it.each(available.map(({ ref, system }) => [ref.name, ref, system] as const))('%s writes every case in the idioms the catalogue needs', async (_name, ref: ReferenceSystem, system: FaultSystem) => {
    expect(await system.idioms()).toEqual(expectedIdioms(ref));
  });

  it('share the case ids, the parameters and the linger of the TypeScript side', async () => {
    const python = available[0]!.ref.resolve(process.env) as { python: string };
    const code = 'import json, fault_catalogue as c, run_case as r; print(json.dumps({"cases": list(c.CASES), "params": c.PARAMS, "lingerMs": r.LINGER_SECONDS * 1000}))';
    const r = await execa(python.python, ['-c', code], { cwd: PY_DIR, env: { PYTHONDONTWRITEBYTECODE: '1' } });
    expect(JSON.parse(r.stdout)).toEqual({ cases: [...FAULT_CASE_IDS], params: FAULT_PARAMS, lingerMs: LINGER_MS });
  });
});

describe.skipIf(available.length === 0)('the real systems still give the committed reference rows', () => {
  let rows: FaultMatrixRow[] = [];
  beforeAll(async () => {
    // Rows mostly wait on timers and the target server, so six at a time; the deadline runs from each child's hello.
    const result = await runFaultMatrix({ systems: available.map((a) => a.system), parallel: 6, deadlineMs: 4000 });
    expect(result.failedSystems).toEqual([]);
    rows = result.rows;
  }, 400_000);

  it.each(available.map(({ ref }) => [ref.name] as const))('%s', (name) => {
    const mine = rows.filter((r) => r.system === name);
    expect(mine.length).toBeGreaterThan(0);
    const differences = mine.flatMap((r) => {
      const committed = referenceRow(matrix, name, r.case, r.idiom);
      if (!committed) return [`${r.case} ${r.idiom}: no committed row`];
      const verdict = compareRows(comparable(r.row), committed.comparable);
      return verdict.match ? [] : [`${r.case} ${r.idiom} (committed on ${committed.version}): ${verdict.differences.join('; ')}; seen: ${timeline(r)}`];
    });
    expect(differences).toEqual([]);
  });
});

/** What a row did, in brief, for a failure message: its events with their times, its wall time and notes. */
function timeline(r: FaultMatrixRow): string {
  const events = r.events.filter((e) => e.ev !== 'log').map((e) => `${e.ev}${'child' in e ? e.child : ''}@${Math.round(e.t)}`);
  return `${events.join(' ')} (${r.wallMs} ms${r.row.notes.length > 0 ? `; ${r.row.notes.join('; ')}` : ''})`;
}
