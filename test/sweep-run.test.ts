/**
 * A concurrency sweep and the scale measurements in a real (tiny) run, through the command line: every level a
 * group with the host's memory idle and under it, RSS through /proc for a reference row too, the testbed's fd limit
 * in the report, one sweep table and chart per scenario, and the scale section.
 */
import { execa } from 'execa';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import type { RunReport } from '../harness/results.ts';

const bin = fileURLToPath(new URL('../bin/testbed.js', import.meta.url));
const DEBIAN_PYTHON = '/usr/bin/python3';
/** asyncio's echo reference needs nothing beyond Python's standard library. */
const reference = existsSync(DEBIAN_PYTHON) ? ['--style', 'py-asyncio'] : [];

it('runs a sweep level by level with memory figures for every row, and the scale section, in one report', async () => {
  const out = await mkdtemp(path.join(os.tmpdir(), 'testbed-sweep-'));
  const args = ['run', '--scenario', 'echo-sweep', '--scenario', 'url-fetch-sweep', '--scenario', 'scale', '--levels', '2,5', '--units', '1000'];
  const tiny = ['--style', 'raw', ...reference, '--size', '1k', '--duration', '0.3', '--warmup', '0.2', '--trials', '1', '--urls', '100', '--out', out, '--no-pin'];
  const r = await execa(process.execPath, [bin, ...args, ...tiny], { reject: false, timeout: 150_000, env: { TESTBED_PYTHON: DEBIAN_PYTHON } });
  const files = (await readdir(out)).sort();
  const json = JSON.parse(await readFile(path.join(out, files.find((f) => f.endsWith('.json'))!), 'utf8')) as RunReport;
  const md = await readFile(path.join(out, files.find((f) => f.endsWith('.md'))!), 'utf8');
  expect(r.exitCode, `${r.stderr}\n${md}`).toBe(0);

  expect(json.groups.map((g) => g.id)).toEqual(['echo-sweep-1024-c2', 'echo-sweep-1024-c5', 'url-fetch-sweep-1024-c2', 'url-fetch-sweep-1024-c5']);
  expect(json.meta.fdLimit).toMatchObject({ needed: 5 + 64 });
  for (const group of json.groups) {
    for (const cell of group.cells.filter((c) => c.state === 'completed')) {
      const memory = cell.trials[0]!.memory!;
      expect(memory.idleRssMiB, `${group.id} ${cell.style}`).toBeGreaterThan(5);
      expect(memory.peakRssMiB).toBeGreaterThan(5);
      expect(memory.peakIsTrialOnly).toBe(true);
      if (cell.style === 'raw') {
        expect(memory.idleHeapMiB).toBeGreaterThan(1);
        expect(memory.heapSamples).toBeGreaterThanOrEqual(2);
        expect(memory.heapLeastMiB).toBeLessThanOrEqual(memory.heapMostMiB!);
      } else {
        expect(memory).toMatchObject({ idleHeapMiB: null, heapLeastMiB: null, heapSamples: 0 }); // a Python process has no V8 heap
      }
    }
  }
  if (reference.length > 0) expect(json.groups[0]!.cells.find((c) => c.style === 'py-asyncio')!.state).toBe('completed');

  expect(md).toContain('## Concurrency sweep — echo, 1 KiB messages');
  expect(md).toContain('## Concurrency sweep — url-fetch, 1 KiB bodies');
  expect(md).toMatch(/\|\s+5 \| raw\s+\| ok\s+\|\s+[\d,]+ ±\? \|/);
  expect(md).toMatch(/!\[Concurrency sweep — echo[^\]]*\]\([^)]+\/sweep-echo-1024\.svg\)/);
  const charts = await readdir(path.join(out, files.find((f) => f.endsWith('-charts'))!));
  expect(charts.sort()).toEqual(['sweep-echo-1024.svg', 'sweep-url-fetch-1024.svg']);

  expect(json.scale?.rows.map((row) => [row.kind, row.count])).toEqual([
    ['raw-promise', 1000],
    ['raw-timer', 1000],
  ]);
  expect(md).toContain("## Scale of the styles' own units");
}, 180_000);

/** Whether this process may raise a hard limit: CAP_SYS_RESOURCE (bit 24) in its effective capabilities. */
function maySetHardLimits(): boolean {
  const m = /^CapEff:\s+([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return m !== null && (BigInt(`0x${m[1]}`) & (1n << 24n)) !== 0n;
}

/** A tiny sweep at `level` connections, the testbed started under `prlimit --nofile=<limits>`. */
async function sweepUnder(limits: string, level: number): Promise<{ exitCode: number | undefined; stderr: string; json: RunReport; md: string }> {
  const out = await mkdtemp(path.join(os.tmpdir(), 'testbed-sweep-fd-'));
  const run = ['run', '--scenario', 'echo-sweep', '--levels', String(level), '--style', 'raw', '--duration', '0.3', '--warmup', '0.2', '--trials', '1', '--out', out, '--no-pin'];
  const r = await execa('prlimit', [`--nofile=${limits}`, process.execPath, bin, ...run], { reject: false, timeout: 120_000 });
  const files = (await readdir(out)).sort();
  if (!files.some((f) => f.endsWith('.json'))) throw new Error(`no report written (exit ${r.exitCode}): ${r.stderr.slice(-2000)}`);
  return {
    exitCode: r.exitCode,
    stderr: r.stderr,
    json: JSON.parse(await readFile(path.join(out, files.find((f) => f.endsWith('.json'))!), 'utf8')) as RunReport,
    md: await readFile(path.join(out, files.find((f) => f.endsWith('.md'))!), 'utf8'),
  };
}

it('says what file-descriptor limit the testbed had for its highest level, which every process it starts inherits', async () => {
  // Node raises its own soft limit to the hard one as it starts, so only a low hard limit can leave a level short.
  const r = await sweepUnder('100:4096', 300);
  expect(r.exitCode, r.stderr).toBe(0);
  expect(r.json.meta.fdLimit).toEqual({ needed: 364, soft: 4096, hard: 4096 });
  expect(r.md).toContain("File descriptors: the testbed's soft limit (inherited by every process it starts) was 4,096, enough for the highest level's 364 (hard limit 4,096).");
  expect(r.json.groups[0]!.cells[0]!.state).toBe('completed');
}, 150_000);

it('says a level could not be served, and why, when even the hard limit is too low and may not be raised', async () => {
  // 200 descriptors: too few for 300 connections, with room for the testbed's own files and pipes. At 100, one full
  // test run in ten on a loaded machine ended with no report written, cause not seen (sweepUnder now says why).
  const r = await sweepUnder('200:200', 300);
  const cell = r.json.groups[0]!.cells[0]!;
  if (maySetHardLimits()) {
    expect(r.json.meta.fdLimit).toEqual({ needed: 364, soft: 364, hard: 364, raisedFrom: 200 });
    expect(cell.state).toBe('completed');
    return;
  }
  expect(r.exitCode).toBe(1);
  expect(r.json.meta.fdLimit?.problem).toMatch(/^the testbed may open 200 files \(RLIMIT_NOFILE soft 200, hard 200\) and needs about 364; raising it failed \(prlimit: .*\)\. Raise it before starting the testbed, e\.g\. `ulimit -n 364`/);
  expect(cell).toMatchObject({ state: 'unavailable', message: expect.stringMatching(/^could not serve 300 connections: raw style host may open 200 files/) });
  expect(r.md).toContain('> **File descriptors**: the testbed may open 200 files');
  expect(r.md).toMatch(/\|\s+300 \| raw \| \*\*unavailable\*\* \|/);
}, 150_000);
