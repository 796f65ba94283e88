/**
 * Every fault row of the callback style, run through the real harness (one child process per row, observed and
 * classified as any system's), against Tornado 5.1.1's committed row for the same case and idiom
 * (scenarios/faults.reference.json, py-tornado5), field by field, except where departures.ts declares a difference.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { FAULT_CASE_IDS } from '../../contract.ts';
import { comparable } from '../../../harness/faults/compare.ts';
import { runFaultMatrix, type FaultMatrixRow } from '../../../harness/faults/matrix.ts';
import { expectedIdioms, loadReferenceMatrix, referenceRow, referenceSystem } from '../../../harness/faults/references.ts';
import { styleSystem } from '../../../harness/faults/systems.ts';
import { FAULT_DEPARTURES } from './departures.ts';
import { IDIOMS } from './cases.ts';

const REFERENCE = 'py-tornado5';
const matrix = loadReferenceMatrix();
const planned = FAULT_CASE_IDS.flatMap((c) => IDIOMS.map((idiom) => [c, idiom] as const));
const departuresDoc = readFileSync(fileURLToPath(new URL('../../../docs/departures.md', import.meta.url)), 'utf8');

function departure(caseId: string, idiom: string) {
  return FAULT_DEPARTURES.find((d) => d.case === caseId && d.idiom === idiom);
}

describe('callback fault rows against Tornado 5.1.1', () => {
  let rows: FaultMatrixRow[] = [];
  beforeAll(async () => {
    const result = await runFaultMatrix({ systems: [styleSystem('callback')], echoAttack: false });
    expect(result.failedSystems).toEqual([]);
    rows = result.rows;
  }, 300_000);

  it('writes every case in the reference\'s idioms', () => {
    expect(Object.fromEntries(FAULT_CASE_IDS.map((c) => [c, [...IDIOMS]]))).toEqual(expectedIdioms(referenceSystem(REFERENCE)));
  });

  it.each(planned)('%s %s', (caseId, idiom) => {
    const row = rows.find((r) => r.case === caseId && r.idiom === idiom);
    expect(row, 'the row ran').toBeDefined();
    const committed = referenceRow(matrix, REFERENCE, caseId, idiom);
    expect(committed, 'a committed reference row').toBeDefined();
    const expected = { ...committed!.comparable, ...departure(caseId, idiom)?.fields };
    const events = row!.events.filter((e) => e.ev !== 'log').map((e) => `${e.ev}${'child' in e ? e.child : ''}@${Math.round(e.t)}`);
    expect(comparable(row!.row), `seen: ${events.join(' ')}; ${row!.row.notes.join('; ')}`).toEqual(expected);
  });
});

it('declares only departures that differ from the reference, each with its reason in docs/departures.md', () => {
  for (const d of FAULT_DEPARTURES) {
    const committed = referenceRow(matrix, REFERENCE, d.case, d.idiom)?.comparable;
    expect(committed, `${d.case} ${d.idiom}: a committed reference row`).toBeDefined();
    const stale = Object.entries(d.fields).filter(([k, v]) => committed![k as keyof typeof committed] === v);
    expect(stale, `${d.case} ${d.idiom}: fields that do not differ from the reference`).toEqual([]);
    expect(departuresDoc, `${d.case} ${d.idiom}: anchor ${d.anchor}`).toContain(`<a id="${d.anchor}"></a>`);
    expect(d.why.trim()).not.toBe('');
  }
});
