/** The testbed command line, run as a user runs it: a separate process through bin/testbed.js. */
import { execa } from 'execa';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../harness/results.ts';

const bin = fileURLToPath(new URL('../bin/testbed.js', import.meta.url));
const testbed = (...args: string[]) => execa(process.execPath, [bin, ...args], { reject: false, timeout: 60_000 });

describe('testbed CLI', () => {
  it('prints help and exits 0', async () => {
    const r = await testbed('run', '--help');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('--scenario <name>');
    expect(r.stdout).toContain('--quick');
  });

  it.each([
    [['run', '--style', 'threads'], "unknown style 'threads'; styles are: raw, callback, fiber, async"],
    [['run', '--trials', 'many'], "--trials must be a positive whole number, got 'many'"],
    [['run', '--trials', '0'], '--trials must be between 1 and 50, got 0'],
    [['run', '--duration', '-1'], '--duration must be a number of seconds above 0'],
    [['run', '--size', '10 potatoes'], '--size must be a byte count'],
    [['run', '--scenario', 'chat'], "unknown scenario 'chat'"],
    [['run', '--frobnicate'], "unknown option '--frobnicate'"],
    [['launch'], "unknown command 'launch'"],
  ])('rejects %j with exit code 2 and says why', async (args, message) => {
    const r = await testbed(...args);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('runs a small suite end to end and writes the report files', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'testbed-cli-'));
    const r = await testbed('run', '--style', 'raw', '--scenario', 'echo', '--size', '1k', '--duration', '0.4', '--warmup', '0.2', '--trials', '1', '--out', out, '--no-pin');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain('[1/2] echo — 1 KiB messages, 10 connections · raw · warm-up');
    expect(r.stdout).toContain('## echo — 1 KiB messages, 10 connections');
    const md = await readFile(path.join(out, 'latest.md'), 'utf8');
    expect(md).toMatch(/\| raw\s+\| ok \(1 trials\)\s+\| [\d,]+ \|/);
    const json = JSON.parse(await readFile(path.join(out, 'latest.json'), 'utf8')) as RunReport;
    expect(json.groups[0]!.cells[0]!.trials[0]!.operations).toBeGreaterThan(0);
    expect(json.meta.pinning.detail).toBe('not pinned (--no-pin)');
  });

  it('prints the microbenchmark table', async () => {
    const r = await testbed('microbench', '--quick');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\| fiber: spawn \+ join \(empty greenlet\)\s+\|\s+[\d,]+ \|/);
    expect(r.stdout).toContain('fiber: switch (sleep(0))');
    expect(r.stdout).toContain('native: async call + await');
    expect(r.stdout).toContain('async: createTask + await (empty task)');
    expect(r.stdout).toContain('callback: addCallback round trip');
    expect(r.stdout).toMatch(/after the async layer ran \(task context: (v8|async_hooks)\)/);
    // The real systems' rows: measured, or saying why not.
    expect(r.stdout).toMatch(/\| py-gevent (\(gevent [\d.]+, Python [\d.]+\): spawn \+ join \(empty greenlet\)\s+\|\s+[\d,]+ \||: skipped — )/);
    expect(r.stdout).toMatch(/\| py-asyncio \(asyncio [\d.]+, Python [\d.]+\): create_task \+ await \(empty task\)\s+\|\s+[\d,]+ \|/);
  });
});
