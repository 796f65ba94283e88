/**
 * Reference rows in a real run: a real Python system measured through the same harness as the styles, and a
 * reference that is not installed listed as skipped (with why and how to install it), not failed.
 */
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../harness/results.ts';

const bin = fileURLToPath(new URL('../bin/testbed.js', import.meta.url));
const DEBIAN_PYTHON = '/usr/bin/python3';
/** pyenv's 3.11 has the standard library but none of the systems: a machine without the Debian packages. */
const BARE_PYTHON = '/root/.pyenv/versions/3.11.7/bin/python3';

async function run(args: string[], env: Record<string, string> = {}): Promise<{ exitCode: number | undefined; stderr: string; report: RunReport; md: string }> {
  const out = await mkdtemp(path.join(os.tmpdir(), 'testbed-refs-'));
  const r = await execa(process.execPath, [bin, 'run', ...args, '--out', out, '--no-pin'], { reject: false, timeout: 120_000, env });
  const files = (await readdir(out)).sort();
  const json = files.find((f) => f.endsWith('.json'))!;
  return {
    exitCode: r.exitCode,
    stderr: r.stderr,
    report: JSON.parse(await readFile(path.join(out, json), 'utf8')) as RunReport,
    md: await readFile(path.join(out, json.replace(/\.json$/, '.md')), 'utf8'),
  };
}

const tiny = ['--scenario', 'echo', '--size', '1k', '--duration', '0.3', '--warmup', '0.2', '--trials', '1'];

describe('reference rows in a run', () => {
  it.skipIf(!existsSync(DEBIAN_PYTHON))('measures a real Python system beside the styles, verified and marked as a reference', async () => {
    const r = await run(['--style', 'raw', '--style', 'py-asyncio', ...tiny], { TESTBED_PYTHON: DEBIAN_PYTHON });
    expect(r.exitCode, r.stderr).toBe(0);
    const cell = r.report.groups[0]!.cells.find((c) => c.style === 'py-asyncio')!;
    expect(cell.state).toBe('completed');
    expect(cell.trials[0]!.operations).toBeGreaterThan(0);
    expect(cell.trials[0]!.process.loopDelayP99Ms).toBeNull(); // measured from outside: no loop to ask
    expect(r.md).toMatch(/\| \*py-asyncio\*\s+\| ok \(1 trials\)/);
    expect(r.report.styles?.['py-asyncio']?.machinery).toMatch(/asyncio 3\.\d+(\.\d+)? on Python 3/);
  }, 150_000);

  it.skipIf(!existsSync(BARE_PYTHON))('lists a reference that is not installed as skipped, with why and the command that installs it, and still succeeds', async () => {
    const r = await run(['--style', 'raw', '--style', 'py-gevent', ...tiny], { TESTBED_PYTHON: BARE_PYTHON });
    expect(r.exitCode, r.stderr).toBe(0);
    const cell = r.report.groups[0]!.cells.find((c) => c.style === 'py-gevent')!;
    expect(cell).toMatchObject({ state: 'unavailable', message: expect.stringMatching(/skipped: No module named 'gevent'.*npm run references:install/) });
    expect(r.report.references?.skipped).toEqual([{ reference: 'py-gevent', scenario: 'echo', reason: "No module named 'gevent'", install: 'npm run references:install' }]);
    expect(r.md).toContain("- *py-gevent* (echo): skipped: No module named 'gevent'");
    expect(r.md).toContain('Install them with `npm run references:install`');
  }, 150_000);

  it('leaves every reference out with --no-references', async () => {
    const r = await run(['--style', 'raw', '--style', 'py-gevent', '--no-references', ...tiny]);
    expect(r.report.groups[0]!.cells.map((c) => c.style)).toEqual(['raw']);
    expect(r.report.references).toBeUndefined();
  }, 150_000);
});
