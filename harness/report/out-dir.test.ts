import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../plan.ts';
import type { RunReport } from '../results.ts';
import { prepareOutDir, saveReport } from './out-dir.ts';

const report: RunReport = {
  meta: {
    tool: 'concurrency-testbed', schema: 2, startedAt: '2026-11-22T01:00:00.000Z', finishedAt: '2026-11-22T01:03:00.000Z',
    node: 'v20.20.2', platform: 'Linux x64', cpuModel: 'Test CPU', cpuCount: 2, gitCommit: 'abc1234',
    pinning: { enabled: false, detail: 'not pinned' }, trials: 1, warmupMs: 0, command: 'testbed run', interrupted: false,
  },
  groups: [],
};

describe('report directory', () => {
  it('creates a missing directory, parents included, and leaves nothing behind from checking it', async () => {
    const base = await mkdtemp(path.join(os.tmpdir(), 'testbed-out-'));
    const dir = path.join(base, 'a', 'b', 'c');
    expect(await prepareOutDir(dir)).toBe(dir);
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a file, and a directory that cannot be made, as bad usage naming --out', async () => {
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'testbed-out-')), 'file');
    await writeFile(file, 'x');
    await expect(prepareOutDir(file)).rejects.toThrow(UsageError);
    await expect(prepareOutDir(file)).rejects.toThrow(`--out ${file}: cannot write reports there (${file} exists and is not a directory)`);
    await expect(prepareOutDir(path.join(file, 'sub'))).rejects.toThrow(/ENOTDIR/);
  });

  it('still saves the report when its directory fails at the end: in a temp directory, saying where and why', async () => {
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'testbed-out-')), 'file');
    await writeFile(file, 'x'); // as if the directory had been replaced by a file during the run
    const saved = await saveReport(report, file, { latest: true });
    expect(saved.fallbackFrom).toEqual({ dir: file, reason: `${file} exists and is not a directory` });
    expect(path.dirname(saved.jsonPath).startsWith(os.tmpdir())).toBe(true);
    expect(JSON.parse(await readFile(saved.jsonPath, 'utf8'))).toEqual(report);
    expect(saved.latestPath).toBeUndefined(); // latest.md belongs to the reports directory, not to a stray copy
  });
});
