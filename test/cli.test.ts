/** The testbed command line, run as a user runs it: a separate process through bin/testbed.js. */
import { execa } from 'execa';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../harness/results.ts';

const bin = fileURLToPath(new URL('../bin/testbed.js', import.meta.url));
const testbed = (...args: string[]) => execa(process.execPath, [bin, ...args], { reject: false, timeout: 60_000 });
const tempDir = (): Promise<string> => mkdtemp(path.join(os.tmpdir(), 'testbed-cli-'));
/** A tiny echo run: one style, 1 KiB, short trials. */
const tinyEcho = (out: string, durationS: string, trials = '1'): string[] =>
  ['run', '--style', 'raw', '--scenario', 'echo', '--size', '1k', '--duration', durationS, '--warmup', '0.2', '--trials', trials, '--out', out, '--no-pin'];

describe('testbed CLI', () => {
  it('prints help and exits 0', async () => {
    const r = await testbed('run', '--help');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('--scenario <name>');
    expect(r.stdout).toContain('--quick');
  });

  it.each([
    [['run', '--style', 'threads'], "unknown style 'threads'; styles are: raw, raw-idiomatic, callback, fiber, async; references: py-tornado"],
    [['run', '--trials', 'many'], "--trials must be a positive whole number, got 'many'"],
    [['run', '--trials', '0'], '--trials must be between 1 and 50, got 0'],
    [['run', '--duration', '-1'], '--duration must be a number of seconds above 0'],
    [['run', '--size', '10 potatoes'], '--size must be a byte count'],
    [['run', '--scenario', 'chat'], "unknown scenario 'chat'"],
    [['run', '--frobnicate'], "unknown option '--frobnicate'"],
    [['launch'], "unknown command 'launch'"],
    [['run', '--suite', 'huge'], "unknown suite 'huge'; suites are: default, full"],
    [['run', '--suite', 'full', '--scenario', 'echo'], '--suite and --scenario cannot be combined'],
    [['run', '--scenario', 'echo-sweep', '--levels', '1,ten'], "--levels must be whole numbers separated by commas, like 1,10,100, got '1,ten'"],
    [['run', '--scenario', 'echo-sweep', '--levels', '100000'], '--levels must each be between 1 and 10,000, got 100000'],
    [['run', '--scenario', 'url-fetch', '--rate', '1000'], '--rate runs the echo groups in open loop; the run has none (add --scenario echo)'],
    [['run', '--scenario', 'echo', '--rate', '0'], '--rate must be between 1 and 1000000, got 0'],
    [['run', '--scenario', 'echo', '--load-pattern', 'chunks-4k'], "--load-pattern: 'chunks-4k' is not a load pattern: use one-write, writes-<size>, reads-<size>"],
    [['run', '--scenario', 'url-fetch', '--load-pattern', 'reads-4k'], '--load-pattern sets how the echo load generator writes and reads; the run has no echo group'],
    [['scale', '--units', 'lots'], "--units must be a positive whole number, got 'lots'"],
  ])('rejects %j with exit code 2 and says why', async (args, message) => {
    const r = await testbed(...args);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('runs a small suite end to end and writes its stamped report files, but not latest.md, which is the default suite\'s', async () => {
    const out = await tempDir();
    const r = await testbed(...tinyEcho(out, '0.4'));
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain('[1/2] echo — 1 KiB messages, 10 connections · raw · warm-up');
    expect(r.stdout).toContain('## echo — 1 KiB messages, 10 connections');
    const files = (await readdir(out)).sort();
    expect(files).toEqual([expect.stringMatching(/^[\dT-]+Z-charts$/), expect.stringMatching(/^[\dT-]+Z\.json$/), expect.stringMatching(/^[\dT-]+Z\.md$/)]);
    files.shift(); // the charts' directory
    expect(r.stderr).toContain(`${files[1]}, data in`);
    expect(r.stderr).toContain('latest.md is left as it was: only a complete run of the default suite replaces it');
    const md = await readFile(path.join(out, files[1]!), 'utf8');
    // Right-aligned (a slow machine's 9,651 is padded); one trial: no interval; the row links to the code it ran.
    expect(md).toMatch(/\| \[raw\]\(#code-echo-raw\)\s+\| ok \(1 trials\)\s+\|\s+[\d,]+ ±\? \|/);
    expect(md).toContain('<a id="code-echo-raw"></a>');
    const json = JSON.parse(await readFile(path.join(out, files[0]!), 'utf8')) as RunReport;
    expect(json.groups[0]!.cells[0]!.trials[0]!.operations).toBeGreaterThan(0);
    expect(json.meta.pinning.detail).toBe('not pinned (--no-pin)');
  });

  /** Starts a tiny run with 1.5 s trials and resolves once its first measured trial is under way. */
  async function runningTinyEcho() {
    const out = await tempDir();
    const child = execa(process.execPath, [bin, ...tinyEcho(out, '1.5', '3')], { reject: false, timeout: 60_000 });
    let seen = '';
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes('[2/4]')) resolve(); // the warm-up is step 1
      });
    });
    return { child }; // wrapped: returning the subprocess itself would await it (it is a promise too)
  }

  it('exits 130 after Ctrl-C, with the report marked interrupted', async () => {
    const { child } = await runningTinyEcho();
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode, r.stderr).toBe(130);
    expect(r.stderr).toContain('interrupted: finishing the current trial');
    expect(r.stdout).toContain('**Interrupted**');
    expect(r.stdout).toMatch(/\| \[raw\]\(#code-echo-raw\)\s+\| \*\*aborted\*\* \(1 trials\)/);
  });

  it('takes one Ctrl-C delivered twice at once (npm forwards it to a testbed its shell exec\'d) as one', async () => {
    const { child } = await runningTinyEcho();
    // The second arrives just after the first was taken, as npm's forwarded copy does (two kills sent back to back
    // could merge into one pending signal and test nothing).
    const firstTaken = new Promise<void>((resolve) => child.stderr.on('data', (c: Buffer) => c.toString().includes('interrupted:') && resolve()));
    child.kill('SIGINT');
    await firstTaken;
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode, r.stderr).toBe(130);
    expect(r.stderr).not.toContain('quitting at once');
    expect(r.stdout).toContain('**Interrupted**');
  });

  it('refuses an --out that is a file before measuring anything, with exit code 2', async () => {
    const file = path.join(await tempDir(), 'not-a-dir');
    await writeFile(file, 'x');
    const r = await testbed(...tinyEcho(file, '0.4'));
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`error: --out ${file}: cannot write reports there`);
    expect(r.stderr).not.toContain('[1/'); // nothing was measured
  });

  it('refuses an --out it cannot create, at once (Node\'s recursive mkdir never returns for this one)', async () => {
    const r = await execa(process.execPath, [bin, ...tinyEcho('/proc/testbed-reports', '0.4')], { reject: false, timeout: 15_000 });
    expect(r.timedOut).toBe(false);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('error: --out /proc/testbed-reports: cannot write reports there');
  });

  it('says so when the target server\'s port is taken, without a stack trace', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as net.AddressInfo;
    try {
      const r = await testbed('target', '--port', String(port));
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain(`error: --port ${port}: the target server cannot listen there (that port is in use)`);
      expect(r.stderr).not.toMatch(/^\s+at /m);
    } finally {
      taken.close();
    }
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

  it('lists the target server\'s routes in its help', async () => {
    const r = await testbed('target', '--help');
    expect(r.exitCode).toBe(0);
    for (const route of ['/bytes/:n', '/delay/:ms', '/status/:code', '/hang', '/reset', '/drip/:n/:ms', '/stats/:tag']) expect(r.stdout).toContain(route);
  });

  it('shows each style\'s code for a scenario with its counts, and refuses an unknown scenario with exit code 2', async () => {
    const r = await testbed('show', 'race', '--style', 'raw');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^raw +\d+ +\d+ +\d+ +impls\/raw\/race\.ts \d+–\d+/m);
    expect(r.stdout).toMatch(/^ *\d+ {2}export async function raceCounter\(/m);
    const unknown = await testbed('show', 'chat');
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain("error: unknown scenario 'chat'; show one of: url-fetch, echo, cpu, race, faults");
  });

  it('compares two runs through testbed compare, and refuses a missing file with exit code 2', async () => {
    const out = await tempDir();
    const missing = await testbed('compare', path.join(out, 'a.json'), path.join(out, 'b.json'));
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/a\.json/);
  });
});
