/**
 * Agent: hosts one style in its own process and runs scenario work through the contract only. Its requests
 * (describe, echo-start, cpu-start, url-fetch, race, probe-begin/-end, memory-idle/-begin/-end, shutdown) are the
 * CellHost protocol of harness/cell-host.ts.
 * Usage (by the runner): style-host.ts <style> [driver-module-path]
 * The optional path lets tests substitute a deliberately broken driver.
 */
import { performance } from 'node:perf_hooks';
import { isStyleName, type CpuServerHandle, type EchoServerHandle, type RaceOptions, type StyleDriver } from '../../impls/contract.ts';
import type { ExecutorStats } from '../../impls/shared/executor.ts';
import type { CpuParams } from '../../scenarios/cpu.ts';
import { loadDriver } from '../../impls/registry.ts';
import { guardLoopback } from '../../impls/shared/loopback.ts';
import { urlFetchJob, verifyUrlFetch, type UrlFetchParams } from '../../scenarios/url-fetch.ts';
import { HeapSampler, liveHeapMiB } from '../metrics/heap.ts';
import { ProcessProbe } from '../metrics/process.ts';
import type { UrlFetchTrial } from '../results.ts';
import { urlFetchFigures } from '../url-fetch-figures.ts';
import { serveAgent } from './serve.ts';

const [styleArg, modulePath] = process.argv.slice(2);
if (!styleArg || !isStyleName(styleArg)) throw new Error(`style-host: unknown style '${styleArg}'`);
const driver: StyleDriver = modulePath
  ? guardLoopback(((await import(modulePath)) as { default: StyleDriver }).default)
  : await loadDriver(styleArg);

const probe = new ProcessProbe();
/** A sweep level's heap figures (harness/sweep/memory.ts): idle after a collection, then sampled under the level. */
const heap = new HeapSampler();
let echoServer: EchoServerHandle | undefined;

async function urlFetch(input: { baseUrl: string; params: UrlFetchParams }): Promise<Omit<UrlFetchTrial, 'load'>> {
  const job = urlFetchJob(input.baseUrl, input.params);
  probe.begin();
  const started = performance.now();
  const outcomes = await driver.urlFetch(job);
  const elapsedMs = performance.now() - started;
  const processSample = probe.end();
  const verdict = verifyUrlFetch(job, outcomes, input.params.size);
  return {
    ...urlFetchFigures(verdict, outcomes.map((o) => o.latencyMs), elapsedMs, input.params.size),
    process: processSample,
    ...(driver.stats ? { stats: driver.stats() } : {}),
  };
}

let cpuServer: CpuServerHandle | undefined;

/** What a cpu server has done so far: the runner holds a trial's replies to the work done across it. */
const cpuProbe = (): { cpu?: { workDone: number; pool?: ExecutorStats } } => {
  if (!cpuServer) return {};
  const pool = cpuServer.executorStats?.();
  return { cpu: { workDone: cpuServer.workDone(), ...(pool ? { pool } : {}) } };
};

serveAgent({
  describe: () => ({
    description: driver.description,
    ...(driver.machinery ? { machinery: driver.machinery } : {}),
    capabilities: { cpu: driver.startCpuServer !== undefined, race: driver.raceCounter !== undefined, faults: driver.faults !== undefined },
  }),
  'cpu-start': async (input: { host: string; params: CpuParams }) => {
    if (!driver.startCpuServer) throw new Error(`the ${driver.name} style has no cpu-offload server`);
    const { mode, iterations, size, threads } = input.params;
    cpuServer = await driver.startCpuServer({ host: input.host, port: 0, mode, iterations, messageBytes: size, threads });
    return { port: cpuServer.port };
  },
  race: (input: RaceOptions) => {
    if (!driver.raceCounter) throw new Error(`the ${driver.name} style has no shared-counter race`);
    return driver.raceCounter(input);
  },
  'url-fetch': urlFetch,
  'echo-start': async (input: { host: string }) => {
    echoServer = await driver.startEchoServer({ host: input.host, port: 0 });
    return { port: echoServer.port };
  },
  'probe-begin': () => {
    probe.begin();
    cpuServer?.resetWindow?.();
    return cpuProbe();
  },
  'memory-idle': () => ({ heapMiB: liveHeapMiB() }),
  'memory-begin': () => void heap.start(),
  'memory-end': () => heap.stop(),
  'probe-end': () => ({ process: probe.end(), ...(driver.stats ? { stats: driver.stats() } : {}), ...cpuProbe() }),
  shutdown: async () => {
    await echoServer?.close();
    await cpuServer?.close();
  },
});
