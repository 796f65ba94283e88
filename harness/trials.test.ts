/**
 * The URL-fetch warm-up: whole jobs until the warm-up time has passed (a fast row's JIT is still cold after one
 * 0.2 s job), bounded in count, and one job when a job alone outlasts the warm-up.
 */
import { describe, expect, it } from 'vitest';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CellHost } from './cell-host.ts';
import type { LoadSide } from './load-side.ts';
import type { GroupParams } from './results.ts';
import { runTrial, type TrialLimits } from './trials.ts';

const setup: GroupParams = { scenario: 'url-fetch', params: { urls: 10, size: 1024, concurrency: 2, timeoutMs: 1000 } };
const sample = { cpuPercent: 1, cpuUserMs: 1, cpuSystemMs: 0, peakRssMiB: 1, loopDelayP99Ms: null };

function fakes(jobMs: number): { jobs: () => number; host: CellHost; target: LoadSide<{ url: string }> } {
  let jobs = 0;
  const host = {
    request: async (type: string) => {
      expect(type).toBe('url-fetch');
      jobs++;
      await sleep(jobMs);
      return { operations: 10, elapsedMs: jobMs, opsPerSec: 10_000 / jobMs, mibPerSec: 1, latency: {}, errors: {}, wrongBodies: 0, process: sample };
    },
  } as unknown as CellHost;
  const target = { info: { url: 'http://127.0.0.1:1' }, request: async () => sample } as unknown as LoadSide<{ url: string }>;
  return { jobs: () => jobs, host, target };
}

const limits = (warmupMs: number): TrialLimits => ({ startMs: 1000, urlFetchTrialMs: 5000, echoSlackMs: 0, warmupMs, host: '127.0.0.1' });

describe('the URL-fetch warm-up', () => {
  it('repeats whole jobs until the warm-up time has passed', async () => {
    const f = fakes(10);
    const started = performance.now();
    await runTrial(setup, { host: f.host }, f.target, true, limits(200));
    // However slow the machine: more than one job, and either the warm-up time went by or the bound was reached.
    expect(f.jobs()).toBeGreaterThan(1);
    if (f.jobs() < 10) expect(performance.now() - started).toBeGreaterThanOrEqual(200);
  });

  it('stops at ten jobs however short they are, and runs one when a job outlasts the warm-up', async () => {
    const quick = fakes(0);
    await runTrial(setup, { host: quick.host }, quick.target, true, limits(10_000));
    expect(quick.jobs()).toBe(10);
    const slow = fakes(30);
    await runTrial(setup, { host: slow.host }, slow.target, true, limits(20));
    expect(slow.jobs()).toBe(1);
  });

  it('runs a measured trial as one job', async () => {
    const f = fakes(5);
    await runTrial(setup, { host: f.host }, f.target, false, limits(10_000));
    expect(f.jobs()).toBe(1);
  });
});
