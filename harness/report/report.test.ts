import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CellResult, EchoTrial, GroupResult, RunReport } from '../results.ts';
import { renderMarkdown } from './markdown.ts';
import { writeReport } from './write.ts';

const sample = { wallMs: 2000, cpuUserMs: 1500, cpuSystemMs: 300, cpuPercent: 90, peakRssMiB: 80, loopDelayP50Ms: 0, loopDelayP99Ms: 1.5, loopDelayMaxMs: 3, loopUtilization: 0.9 };

function trial(opsPerSec: number, loadCpu = 60): EchoTrial {
  return {
    opsPerSec,
    mibPerSec: opsPerSec / 1024,
    operations: opsPerSec * 2,
    elapsedMs: 2000,
    latency: { count: 10, p50: 0.1, p90: 0.2, p99: 0.5, p999: 1, max: 4, mean: 0.12 },
    errors: {},
    process: sample,
    mismatches: 0,
    load: { ...sample, cpuPercent: loadCpu },
  };
}

function echoGroup(cells: CellResult[]): GroupResult {
  return {
    id: 'echo-1024',
    title: 'echo — 1 KiB messages, 10 connections',
    setup: { scenario: 'echo', params: { connections: 10, size: 1024, durationMs: 2000, maxMessagesPerConnection: 1000 } },
    cells,
  };
}

function report(groups: GroupResult[], interrupted = false): RunReport {
  return {
    meta: {
      tool: 'concurrency-testbed', schema: 2, startedAt: '2026-11-22T01:00:00.000Z', finishedAt: '2026-11-22T01:03:00.000Z',
      node: 'v20.20.2', platform: 'Linux x64', cpuModel: 'Test CPU', cpuCount: 2, gitCommit: 'abc1234',
      pinning: { enabled: true, detail: 'style under test on core 1' }, trials: 3, warmupMs: 1000, command: 'testbed run', interrupted,
    },
    styles: {
      raw: { description: 'plain Node' },
      async: { description: 'asyncio-style async/await', machinery: 'Task context: AsyncLocalStorage (async_hooks): the addon is not built' },
    },
    groups,
  };
}

describe('markdown report', () => {
  const group = echoGroup([
    { style: 'raw', state: 'completed', trials: [trial(60_000), trial(64_000), trial(62_000)] },
    { style: 'fiber', state: 'completed', trials: [trial(31_000), trial(30_000, 95), trial(40_000)] },
    { style: 'async', state: 'crashed', message: 'async style host exited with code 7', stderrTail: 'TypeError: boom\n    at handler', trials: [] },
    { style: 'callback', state: 'unavailable', message: 'impls/callback/adapter.ts does not exist yet', trials: [] },
  ]);
  const md = renderMarkdown(report([group]));

  it('carries the run metadata', () => {
    expect(md).toContain('Node v20.20.2');
    expect(md).toContain('Test CPU × 2');
    expect(md).toContain('Core pinning: style under test on core 1');
    expect(md).toContain('Git commit: abc1234');
  });

  it('says how each style was built in its process, since that moves the figures', () => {
    expect(md).toContain('- **raw**: plain Node\n');
    expect(md).toContain('- **async**: asyncio-style async/await. Task context: AsyncLocalStorage (async_hooks): the addon is not built');
    // Where each style departs from its system on purpose: the document the report links.
    expect(md).toContain('[docs/departures.md](../docs/departures.md)');
  });

  it('has one table per group with the median throughput and the ratio to raw', () => {
    expect(md).toContain('## echo — 1 KiB messages, 10 connections');
    expect(md).toContain('Parameters: 10 connections, 1024 B messages, one in flight per connection, 2.0 s per trial');
    const rows = md.split('\n').filter((l) => l.startsWith('|'));
    expect(rows[0]).toMatch(/\| row\s+\| result\s+\| msgs\/s \(95% CI\)\s+\| × raw\s+\| × namesake\s+\| CPU µs\/op/);
    const raw = rows.find((r) => r.startsWith('| raw'))!;
    const fiber = rows.find((r) => r.startsWith('| fiber'))!;
    expect(raw).toContain('62,000');
    expect(raw).toContain('1.00');
    expect(fiber).toContain('31,000'); // the median of 30k, 31k, 40k
    expect(fiber).toContain('0.50'); // 31,000 / 62,000
  });

  it('shows failed cells as rows and explains them in the notes with the child\'s last words', () => {
    expect(md).toMatch(/\| async\s+\| \*\*crashed\*\*/);
    expect(md).toMatch(/\| callback\s+\| \*\*unavailable\*\*/);
    expect(md).toContain('**async** on echo — 1 KiB messages, 10 connections: crashed — async style host exited with code 7');
    expect(md).toContain('TypeError: boom');
  });

  it('names the echo load generator when the run says which', () => {
    expect(md).not.toContain('Echo load generator');
    const withGenerator = report([group]);
    withGenerator.meta.echoLoadGenerator = 'Node (harness/load/echo-load.ts), because the native generator cannot run: not built';
    expect(renderMarkdown(withGenerator)).toContain('- Echo load generator: Node (harness/load/echo-load.ts), because the native generator cannot run: not built');
  });

  it('says whether the load generator was saturated', () => {
    expect(md).toContain('raw 60%, fiber 60%');
    expect(md).toContain('not saturated');
    const hot = renderMarkdown(report([echoGroup([{ style: 'raw', state: 'completed', trials: [trial(1, 97)] }])]));
    expect(hot).toContain('saturated (≥ 90% of a core)');
  });

  it('flags an interrupted run and still quotes the trials an interrupted cell finished', () => {
    expect(md).not.toContain('Interrupted');
    const cut = renderMarkdown(report([echoGroup([{ style: 'raw', state: 'aborted', message: 'the run was interrupted', trials: [trial(50_000)] }])], true));
    expect(cut).toContain('**Interrupted**');
    expect(cut).toMatch(/\| raw\s+\| \*\*aborted\*\* \(1 trials\)\s+\|\s+50,000 ±\? \|/); // one trial: no interval, and it says so
  });

  it('shows a load side failure as the load side\'s, with its last words, and still quotes the trials finished before it', () => {
    const failed = echoGroup([
      { style: 'raw', state: 'completed', trials: [trial(60_000), trial(62_000)] },
      { style: 'fiber', state: 'load-failed', message: 'not measured to the end: the echo load generator failed during trial 2: echo load generator exited with code 5', trials: [trial(30_000)] },
      { style: 'async', state: 'load-failed', message: 'not measured to the end: the echo load generator could not be restarted: echo load generator exited with code 1', trials: [] },
    ]);
    failed.loadSideFailures = [
      {
        side: 'echo load generator',
        message: 'echo load generator exited with code 5',
        during: 'during trial 2 of fiber',
        restarted: false,
        restartFailure: 'the echo load generator could not be restarted: echo load generator exited with code 1',
        stderrTail: 'RangeError: out of memory',
      },
    ];
    const out = renderMarkdown(report([failed]));
    expect(out).toMatch(/\| fiber\s+\| \*load side failed\* \(1 trials\)\s+\|\s+30,000 ±\? \|\s+0\.49\? \|/);
    expect(out).toMatch(/\| async\s+\| \*load side failed\*\s+\|\s+— \|/);
    expect(out).toContain(
      '- **Load side** (echo load generator) on echo — 1 KiB messages, 10 connections, during trial 2 of fiber: echo load generator exited with code 5; the echo load generator could not be restarted: echo load generator exited with code 1.',
    );
    expect(out).toContain('RangeError: out of memory');
    expect(out).toContain('- **fiber** on echo — 1 KiB messages, 10 connections: load side failed, not the style — not measured to the end');
    expect(out).not.toMatch(/crashed|errored/);
  });

  it('quotes no figure from an invalid trial, but counts its load figures', () => {
    const md2 = renderMarkdown(
      report([
        echoGroup([
          { style: 'raw', state: 'completed', trials: [trial(60_000, 50)] },
          { style: 'fiber', state: 'invalid', message: '3 mismatched replies', trials: [{ ...trial(1_000, 95), invalid: '3 mismatched replies' }] },
        ]),
      ]),
    );
    expect(md2).toMatch(/\| fiber\s+\| \*\*invalid\*\*\s+\|\s+— \|/);
    expect(md2).toContain('raw 50%, fiber 95%: saturated');
  });

  it('writes the markdown, the JSON with every trial, and latest.md when asked to', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'testbed-report-'));
    const written = await writeReport(report([group]), dir, { latest: true });
    expect((await readdir(dir)).sort()).toEqual(['2026-11-22T01-00-00-000Z-charts', '2026-11-22T01-00-00-000Z.json', '2026-11-22T01-00-00-000Z.md', 'latest.json', 'latest.md']);
    const json = JSON.parse(await readFile(written.jsonPath, 'utf8')) as RunReport;
    expect(json.groups[0]!.cells[1]!.trials.map((t) => t.opsPerSec)).toEqual([31_000, 30_000, 40_000]);
    const latest = await readFile(written.latestPath!, 'utf8');
    expect(latest).toBe(await readFile(written.markdownPath, 'utf8'));
    // The charts sit beside the report, linked as images from both the stamped report and latest.md.
    const charts = await readdir(path.join(dir, '2026-11-22T01-00-00-000Z-charts'));
    expect(charts.sort()).toEqual(['latency-echo-1024.svg', 'throughput-echo-1024.svg']);
    expect(latest).toMatch(/!\[[^\]]+\]\(2026-11-22T01-00-00-000Z-charts\/throughput-echo-1024\.svg\)/);
  });

  it('leaves latest.md alone when not asked to', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'testbed-report-'));
    const written = await writeReport(report([group]), dir, { latest: false });
    expect((await readdir(dir)).sort()).toEqual(['2026-11-22T01-00-00-000Z-charts', '2026-11-22T01-00-00-000Z.json', '2026-11-22T01-00-00-000Z.md']);
    expect(written.latestPath).toBeUndefined();
  });

  it('shows a reference row in italics, each style beside its namesake as well as raw, and CPU per operation', () => {
    const g = echoGroup([
      { style: 'raw', state: 'completed', trials: [trial(100_000), trial(101_000), trial(99_000)] },
      { style: 'callback', state: 'completed', trials: [trial(90_000), trial(91_000), trial(89_000)] },
      { style: 'py-tornado', state: 'completed', trials: [trial(36_000), trial(36_500), trial(35_500)].map((t) => ({ ...t, process: { ...t.process, loopDelayP99Ms: null } })) },
    ]);
    const out = renderMarkdown(report([g]));
    const line = (name: string) => out.split('\n').find((l) => l.startsWith(`| ${name} `))!;
    expect(line('callback')).toMatch(/\|\s+0\.90 \|\s+2\.50 \(py-tornado\) \|/);
    expect(line('*py-tornado*')).toMatch(/\|\s+0\.36 \|\s+— \|/);
    expect(line('*py-tornado*')).toMatch(/\|\s+n\/a \|/); // no loop delay from outside the process
    expect(line('raw')).toMatch(/\|\s+100,000 ±\d+% \|\s+1\.00 \|/);
  });

  it('marks a ratio whose interval holds 1.0 as within noise', () => {
    const g = echoGroup([
      { style: 'raw', state: 'completed', trials: [trial(100_000), trial(110_000), trial(90_000)] },
      { style: 'fiber', state: 'completed', trials: [trial(101_000), trial(92_000), trial(108_000)] },
    ]);
    expect(renderMarkdown(report([g]))).toMatch(/\| fiber\s+\| ok \(3 trials\)\s+\|[^|]+\|\s+1\.01 ~ \|/);
  });
});
