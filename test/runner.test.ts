/**
 * The runner turns a crashing, a hanging and a lying child into failed report rows, keeps going, and leaves no
 * process behind.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../harness/report/markdown.ts';
import type { CellResult, GroupParams, GroupResult, RunReport } from '../harness/results.ts';
import { Runner, type ProgressEvent, type RunPlan } from '../harness/runner.ts';
import { ECHO_DEFAULTS } from '../scenarios/echo.ts';
import { URL_FETCH_DEFAULTS } from '../scenarios/url-fetch.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}-driver.ts`, import.meta.url));
const loadSideFixture = async (name: string): Promise<{ entry: string; args: string[] }> => ({
  entry: fileURLToPath(new URL(`./fixtures/load-sides/${name}.ts`, import.meta.url)),
  args: [await mkdtemp(path.join(os.tmpdir(), 'testbed-load-side-'))],
});

function spawnedPids(events: ProgressEvent[]): number[] {
  return events.flatMap((e) => (e.kind === 'spawned' && e.pid ? [e.pid] : []));
}

function reportOf(groups: GroupResult[]): RunReport {
  const meta = {
    tool: 'concurrency-testbed', schema: 2, startedAt: '', finishedAt: '', node: '', platform: '', cpuModel: '', cpuCount: 2,
    gitCommit: '', pinning: { enabled: false, detail: '' }, trials: 1, warmupMs: 0, command: '', interrupted: false,
  } as const;
  return { meta, groups };
}

/** Two small URL-fetch groups (1 KiB and 2 KiB bodies, 20 URLs each). */
function twoUrlFetchGroups(concurrency: number): GroupParams[] {
  return [1024, 2048].map((size) => ({ scenario: 'url-fetch' as const, params: { ...URL_FETCH_DEFAULTS, urls: 20, concurrency, size } }));
}

/** Runs the plan and interrupts it, as Ctrl-C does, when the step whose label contains `step` starts. */
function runInterruptedAt(plan: RunPlan, step: string): Promise<GroupResult[]> {
  const controller = new AbortController();
  const onProgress = (e: ProgressEvent): void => {
    if (e.kind === 'step' && e.label.includes(step)) controller.abort();
  };
  return new Runner(plan, undefined, { signal: controller.signal, onProgress }).run();
}

const stateOf = (cells: CellResult[]): Record<string, string> => Object.fromEntries(cells.map((c) => [c.style, c.state]));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('runner', () => {
  it('reports crashed, timed-out and invalid cells as rows, completes the healthy one, and leaves no child running', async () => {
    const plan: RunPlan = {
      styles: ['raw', 'callback', 'fiber', 'async'],
      groups: [{ scenario: 'url-fetch', params: { ...URL_FETCH_DEFAULTS, urls: 40, concurrency: 4 } }],
      trials: 2,
      warmupMs: 100,
      pin: false,
      driverOverrides: { callback: fixture('crashing'), fiber: fixture('hanging'), async: fixture('corrupting') },
      deadlines: { urlFetchTrialMs: 3000 },
    };
    const events: ProgressEvent[] = [];
    const runner = new Runner(plan, undefined, { onProgress: (e) => events.push(e) });
    const [group] = await runner.run();

    const byStyle = Object.fromEntries(group!.cells.map((c) => [c.style, c]));
    expect(byStyle.raw!.state).toBe('completed');
    expect(byStyle.raw!.trials).toHaveLength(2);
    expect(runner.described.raw?.description).toMatch(/plain Node/i); // asked of the style's own process

    expect(byStyle.callback).toMatchObject({ state: 'crashed', message: expect.stringContaining('exited with code 3') });
    expect(byStyle.callback!.state !== 'completed' && byStyle.callback!.stderrTail).toContain('fixture: about to crash');

    expect(byStyle.fiber).toMatchObject({ state: 'timeout', message: expect.stringContaining('did not answer') });

    expect(byStyle.async).toMatchObject({ state: 'invalid', message: expect.stringContaining('1 wrong bodies') });

    const spawned = spawnedPids(events);
    expect(spawned.length).toBeGreaterThanOrEqual(5); // four style hosts and the target server
    expect(spawned.filter(isAlive)).toEqual([]);
  }, 30_000);

  it('keeps an invalid trial in the row, flagged, and still counts its load figures in the saturation note', async () => {
    const plan: RunPlan = {
      styles: ['raw', 'async'],
      groups: [{ scenario: 'url-fetch', params: { ...URL_FETCH_DEFAULTS, urls: 40, concurrency: 4 } }],
      trials: 1,
      warmupMs: 100,
      pin: false,
      driverOverrides: { async: fixture('corrupting') },
    };
    const groups = await new Runner(plan, undefined).run();
    const async = groups[0]!.cells.find((c) => c.style === 'async')!;
    expect(async.state).toBe('invalid');
    // The corrupting driver already fails its warm-up: that trial is the row's evidence.
    expect(async.trials).toHaveLength(1);
    expect(async.trials[0]).toMatchObject({ warmup: true, invalid: expect.stringContaining('1 wrong bodies'), wrongBodies: 1 });
    const md = renderMarkdown(reportOf(groups));
    expect(md).toMatch(/\| async\s+\| \*\*invalid\*\*\s+\|\s+— \|/); // no figure quoted from it
    expect(md).toMatch(/Target server CPU on url-fetch [^\n]*: raw \d+%, async \d+%/);
  }, 30_000);

  it('blames no style when the echo load generator dies and cannot be restarted: every row is load-failed', async () => {
    const plan: RunPlan = {
      styles: ['raw', 'fiber', 'async'],
      groups: [{ scenario: 'echo', params: { ...ECHO_DEFAULTS, size: 64, durationMs: 300 } }],
      trials: 2,
      warmupMs: 100,
      pin: false,
      loadSideOverrides: { loadgen: await loadSideFixture('failing-loadgen') },
    };
    const events: ProgressEvent[] = [];
    const [group] = await new Runner(plan, undefined, { onProgress: (e) => events.push(e) }).run();

    expect(stateOf(group!.cells)).toEqual({ raw: 'load-failed', fiber: 'load-failed', async: 'load-failed' });
    for (const cell of group!.cells) {
      expect(cell.state !== 'completed' && cell.message).toContain('echo load generator');
      expect(cell.state !== 'completed' && cell.message).not.toContain('style host');
    }
    expect(group!.loadSideFailures).toEqual([
      expect.objectContaining({
        side: 'echo load generator',
        during: 'during the warm-up of raw',
        restarted: false,
        restartFailure: expect.stringContaining('could not be restarted'),
        stderrTail: expect.stringContaining('fixture: the load generator dies mid-trial'),
      }),
    ]);
    const md = renderMarkdown(reportOf([group!]));
    expect(md).toMatch(/\| fiber\s+\| \*load side failed\*\s+\|/);
    expect(md).toContain('**fiber** on echo — 64 B messages, 10 connections: load side failed, not the style');
    expect(md).toContain('**Load side** (echo load generator)');
    expect(md).not.toMatch(/crashed|killed by/);
    expect(spawnedPids(events).filter(isAlive)).toEqual([]);
  }, 30_000);

  it('restarts a target server that dies: only the cell it was serving is lost, and later groups are measured', async () => {
    const plan: RunPlan = {
      styles: ['raw', 'fiber'],
      groups: twoUrlFetchGroups(4),
      trials: 2,
      warmupMs: 100,
      pin: false,
      loadSideOverrides: { target: await loadSideFixture('flaky-target') },
    };
    const events: ProgressEvent[] = [];
    const groups = await new Runner(plan, undefined, { onProgress: (e) => events.push(e) }).run();

    // The first target dies answering for raw's warm-up; fiber is served by its replacement.
    expect(stateOf(groups[0]!.cells)).toEqual({ raw: 'load-failed', fiber: 'completed' });
    const raw = groups[0]!.cells[0]!;
    expect(raw.state !== 'completed' && raw.message).toContain('the target server failed during the warm-up');
    // What raw fetched before the target died is kept, flagged, not quoted.
    expect(raw.trials).toEqual([expect.objectContaining({ warmup: true, invalid: expect.stringContaining('the target server failed'), operations: 20 })]);
    expect(groups[0]!.loadSideFailures).toEqual([expect.objectContaining({ side: 'target server', restarted: true, stderrTail: expect.stringContaining('fixture: the target server dies') })]);
    expect(stateOf(groups[1]!.cells)).toEqual({ raw: 'completed', fiber: 'completed' });
    expect(groups[1]!.loadSideFailures).toBeUndefined();
    expect(spawnedPids(events).filter(isAlive)).toEqual([]);
  }, 30_000);

  it('stops between trials when aborted and marks the unfinished cells aborted', async () => {
    const groups = await runInterruptedAt({ styles: ['raw'], groups: twoUrlFetchGroups(2), trials: 3, warmupMs: 100, pin: false }, 'trial 1/3');
    expect(groups[0]!.cells[0]).toMatchObject({ state: 'aborted' });
    expect(groups[0]!.cells[0]!.trials).toHaveLength(1); // the trial under way when the signal came was kept
    expect(groups[1]!.cells[0]).toMatchObject({ state: 'aborted', trials: [] });
  }, 30_000);

  it('marks a cell that finished all its trials before the interrupt completed, not aborted', async () => {
    // Round 2 starts with fiber (the rotation), so when raw's last trial starts, fiber has run both of its trials.
    const plan: RunPlan = { styles: ['raw', 'fiber'], groups: twoUrlFetchGroups(2), trials: 2, warmupMs: 100, pin: false };
    const groups = await runInterruptedAt(plan, 'raw · trial 2/2');
    expect(groups[0]!.cells.map((c) => [c.style, c.state, c.trials.length])).toEqual([
      ['raw', 'completed', 2], // its last trial was under way when the interrupt came, and finished
      ['fiber', 'completed', 2],
    ]);
    expect(stateOf(groups[1]!.cells)).toEqual({ raw: 'aborted', fiber: 'aborted' });
  }, 30_000);

  it('reports a style host that dies before greeting as crashed, with what it printed', async () => {
    const plan: RunPlan = {
      styles: ['raw', 'async'],
      groups: [{ scenario: 'url-fetch', params: { ...URL_FETCH_DEFAULTS, urls: 10 } }],
      trials: 1,
      warmupMs: 100,
      pin: false,
      driverOverrides: { async: fixture('failing-to-load') },
    };
    const [group] = await new Runner(plan, undefined).run();
    const async = group!.cells.find((c) => c.style === 'async')!;
    expect(async).toMatchObject({ state: 'crashed', message: expect.stringContaining('exited with code 1') });
    expect(async.state !== 'completed' && async.stderrTail).toContain('fixture: this style cannot load');
    expect(group!.cells.find((c) => c.style === 'raw')!.state).toBe('completed');
  }, 30_000);

  it('turns a load side that cannot start into load-failed rows instead of a crash', async () => {
    const plan: RunPlan = {
      styles: ['raw'],
      groups: [{ scenario: 'url-fetch', params: { ...URL_FETCH_DEFAULTS, urls: 10 } }],
      trials: 1,
      warmupMs: 100,
      pin: false,
      host: '192.0.2.1', // not loopback: the target server refuses to listen there, so nothing is sent anywhere
    };
    const [group] = await new Runner(plan, undefined).run();
    expect(group!.cells[0]).toMatchObject({ state: 'load-failed', message: expect.stringContaining('the target server could not start') });
    expect(group!.loadSideFailures?.[0]?.stderrTail).toContain('listens on loopback only');
  }, 30_000);
});

