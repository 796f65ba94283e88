/**
 * The async style's fault rows, run through the real harness (each row in a child process of its own, observed and
 * classified as every system's), against asyncio's committed rows: every comparable field must be the reference's,
 * except the fields a departure (departures.ts) declares, whose anchors must exist in docs/departures.md.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { comparable } from '../../../harness/faults/compare.ts';
import { runFaultMatrix, type FaultMatrixRow } from '../../../harness/faults/matrix.ts';
import { loadReferenceMatrix, referenceRow } from '../../../harness/faults/references.ts';
import { styleSystem } from '../../../harness/faults/systems.ts';
import { FAULT_CASE_IDS } from '../../contract.ts';
import { FAULT_DEPARTURES } from './departures.ts';
import { faults } from './driver.ts';

const REFERENCE = 'py-asyncio';
const DEPARTURES_DOC = readFileSync(new URL('../../../docs/departures.md', import.meta.url), 'utf8');
const matrix = loadReferenceMatrix();
const planned = FAULT_CASE_IDS.flatMap((caseId) => faults.idioms(caseId).map((idiom) => [caseId, idiom] as const));

describe('the async style against asyncio (py-asyncio) in the fault matrix', () => {
  let rows: FaultMatrixRow[] = [];
  beforeAll(async () => {
    // Two rows at once, not three: the suite runs this file beside others (and twice, once per task-context mechanism).
    const result = await runFaultMatrix({ systems: [styleSystem('async')], echoAttack: false, parallel: 2 });
    expect(result.failedSystems).toEqual([]);
    rows = result.rows;
  }, 300_000);

  it('writes every case in the idioms the reference has', () => {
    for (const [caseId, idiom] of planned) expect(referenceRow(matrix, REFERENCE, caseId, idiom), `${caseId} ${idiom}`).toBeDefined();
    const referenced = Object.entries(matrix.systems[REFERENCE]?.rows ?? {}).flatMap(([caseId, byIdiom]) => Object.keys(byIdiom).map((idiom) => `${caseId} ${idiom}`));
    expect(planned.map(([caseId, idiom]) => `${caseId} ${idiom}`).sort()).toEqual(referenced.sort());
  });

  it.each(planned)('%s %s gives the reference row, but for its declared departures', (caseId, idiom) => {
    const row = rows.find((r) => r.case === caseId && r.idiom === idiom);
    expect(row, 'the row ran').toBeDefined();
    const reference = referenceRow(matrix, REFERENCE, caseId, idiom)!.comparable;
    const departures = FAULT_DEPARTURES.filter((d) => d.case === caseId && d.idiom === idiom);
    const expected = Object.assign({ ...reference }, ...departures.map((d) => d.fields));
    const events = row!.events.filter((e) => e.ev !== 'log').map((e) => `${e.ev}${'child' in e ? e.child : ''}@${Math.round(e.t)}`);
    expect(comparable(row!.row), `events: ${events.join(' ')}; notes: ${row!.row.notes.join('; ')}`).toEqual(expected);
  });

  it('declares departures only where they differ from the reference, each with its entry in docs/departures.md', () => {
    for (const d of FAULT_DEPARTURES) {
      expect(DEPARTURES_DOC, d.anchor).toContain(`<a id="${d.anchor}"></a>`);
      expect(d.why.length).toBeGreaterThan(0);
      const reference = referenceRow(matrix, REFERENCE, d.case, d.idiom)?.comparable;
      expect(reference, `${d.case} ${d.idiom}`).toBeDefined();
      for (const [field, value] of Object.entries(d.fields)) {
        expect(reference![field as keyof typeof reference], `${d.case} ${d.idiom} ${field}`).not.toEqual(value);
      }
    }
  });
});
