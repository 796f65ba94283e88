/**
 * The Python references' microbenchmark rows: measured where the system is installed, a row saying why and how to
 * install it where not, and each placed beside the rows of the style that imitates its system.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INSTALL_COMMAND } from '../impls/reference/references.ts';
import type { MicrobenchRow } from './microbench.ts';
import { interleave, referenceMicrobenchRows, toRow } from './microbench-reference.ts';

const BARE_PYTHON = '/root/.pyenv/versions/3.11.7/bin/python3';
const row = (name: string): MicrobenchRow => ({ name, opsPerSec: 1, meanNs: 1, p99Ns: 1, samples: 1 });

describe('reference microbench rows', () => {
  it('takes mean and p99 over the repetitions, as tinybench does over batches', () => {
    const r = toRow({ id: 'asyncio-switch', system: 'asyncio', version: '3.11.2', name: 'switch (sleep(0))', medianNs: 200, spreadPct: 50, samplesNs: [300, 100, 200] }, '3.11.2');
    expect(r).toEqual({ name: 'py-asyncio (asyncio 3.11.2, Python 3.11.2): switch (sleep(0))', opsPerSec: 5e6, meanNs: 200, p99Ns: 300, samples: 3, beside: 'async' });
  });

  it("places each reference row after its imitating style's rows, in order, and the rest at the end", () => {
    const styles = ['fiber: a', 'fiber: b', 'callback: c', 'native: d'].map(row);
    const refs = [
      { ...row('py-gevent: 1'), beside: 'fiber' as const },
      { ...row('py-gevent: 2'), beside: 'fiber' as const },
      { ...row('py-tornado: 3'), beside: 'callback' as const },
      row('Python references: skipped'),
    ];
    expect(interleave(styles, refs).map((r) => r.name)).toEqual(['fiber: a', 'fiber: b', 'py-gevent: 1', 'py-gevent: 2', 'callback: c', 'py-tornado: 3', 'native: d', 'Python references: skipped']);
  });

  it.skipIf(!existsSync(BARE_PYTHON))(`on a Python without gevent or Tornado: their rows say so, asyncio's are measured${existsSync(BARE_PYTHON) ? '' : ` — skipped: no ${BARE_PYTHON} here`}`, async () => {
    const rows = await referenceMicrobenchRows({ quick: true, python: BARE_PYTHON });
    expect(rows.filter((r) => r.skipped !== undefined).map((r) => r.name)).toEqual([
      `py-gevent: skipped — No module named 'gevent' (install: ${INSTALL_COMMAND})`,
      `py-tornado: skipped — No module named 'tornado' (install: ${INSTALL_COMMAND})`,
    ]);
    const measured = rows.filter((r) => r.skipped === undefined);
    expect(measured.map((r) => r.name)).toEqual([
      'py-asyncio (asyncio 3.11.7, Python 3.11.7): create_task + await (empty task)',
      'py-asyncio (asyncio 3.11.7, Python 3.11.7): switch (sleep(0))',
    ]);
    for (const r of measured) expect(r.meanNs).toBeGreaterThan(0);
  });

  it('without a Python: one row saying so', async () => {
    expect(await referenceMicrobenchRows({ quick: true, python: '/nonexistent/python3' })).toEqual([
      expect.objectContaining({ name: `Python references: skipped — no Python interpreter at '/nonexistent/python3' (set TESTBED_PYTHON) (install: ${INSTALL_COMMAND})` }),
    ]);
  });
});
