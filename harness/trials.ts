/**
 * One trial of one cell, per scenario: what the style host and the load side are asked, in which order, and what
 * a trial's data must show to count. Called by the group run (harness/group-run.ts).
 */
import { performance } from 'node:perf_hooks';
import type { CellHost } from './cell-host.ts';
import type { EchoLoadResult } from './load/echo-trial.ts';
import { echoTrialBoundMs } from './load/native-echo-load.ts';
import { LoadSideError, type LoadSide } from './load-side.ts';
import { underLoad, type IdleMemory } from './sweep/memory.ts';
import type { ProcessSample } from './metrics/process.ts';
import type { CpuTrial, EchoTrial, GroupParams, Trial, UrlFetchTrial } from './results.ts';
import type { ExecutorStats } from '../impls/shared/executor.ts';
import type { CpuParams } from '../scenarios/cpu.ts';
import type { EchoParams } from '../scenarios/echo.ts';
import type { UrlFetchParams } from '../scenarios/url-fetch.ts';

export interface TrialLimits {
  /** Deadline of a probe request and of start-up requests. */
  startMs: number;
  urlFetchTrialMs: number;
  /** Added to an echo trial's duration. */
  echoSlackMs: number;
  /** Length of an echo warm-up trial; a URL-fetch warm-up repeats its job until this much time has passed. */
  warmupMs: number;
  host: string;
}

/** The cell's side of a trial: its style host, the port of its echo server when it runs one, and for a sweep
 *  level, its host's memory idle before the level. */
export interface TrialCell {
  host: CellHost;
  port?: number;
  idle?: IdleMemory;
}

/**
 * A LoadSideError that cut a trial short, with what the style reported before it was known (flagged invalid).
 * The group run records the load side's failure and keeps the partial trial in the row.
 */
export class TrialLostToLoadSide extends LoadSideError {
  constructor(
    cause: LoadSideError,
    readonly partial: Trial | undefined,
  ) {
    super(cause.side, cause.message, cause.stderrTail);
  }
}

export async function runTrial(setup: GroupParams, cell: TrialCell, loadSide: LoadSide, warmup: boolean, limits: TrialLimits): Promise<Trial> {
  const run = (): Promise<Trial> => {
    if (setup.scenario === 'echo') return echoTrial(cell, setup.params, loadSide, warmup, limits);
    if (setup.scenario === 'cpu') return cpuTrial(cell, setup.params, loadSide, warmup, limits);
    const target = loadSide as LoadSide<{ url: string }>;
    return warmup ? urlFetchWarmup(cell, setup.params, target, limits) : urlFetchTrial(cell, setup.params, target, limits);
  };
  // A sweep level's measured trials also say what the host held in memory under the level.
  if (!setup.sweep || warmup || !cell.idle) return run();
  const { result, memory } = await underLoad(cell.host, cell.idle, limits.startMs, run);
  return { ...result, memory };
}

/** What the style host's probe-end answers: its process's cost, its scheduler, and for a cpu server its work. */
interface ServerProbe {
  process: ProcessSample;
  stats?: EchoTrial['stats'];
  cpu?: { workDone: number; pool?: ExecutorStats };
}

/**
 * An echo trial of the cpu server's small requests, plus the work it did and its pool's use. workDone counts from
 * the server's start, so the trial's share is the difference across the trial.
 */
async function cpuTrial(cell: TrialCell, params: CpuParams, loadgen: LoadSide, warmup: boolean, limits: TrialLimits): Promise<CpuTrial> {
  const echo = { connections: params.connections, size: params.size, durationMs: params.durationMs, maxMessagesPerConnection: params.maxMessagesPerConnection };
  const { trial, server, before } = await driveEcho(cell, echo, loadgen, warmup, limits);
  const workDone = (server.cpu?.workDone ?? 0) - (before.cpu?.workDone ?? 0);
  return { ...trial, workDone, ...(server.cpu?.pool ? { pool: server.cpu.pool } : {}) };
}

/**
 * A URL-fetch warm-up: whole jobs, repeated until `warmupMs` has passed (at most URL_FETCH_WARMUP_JOBS). One job of a
 * fast row is over in 0.2 s, and its JIT was still warming across the measured trials after it: raw's three trials
 * came out at 33k, 55k and 66k URLs/s, in that order, with a spread of ±39%.
 */
const URL_FETCH_WARMUP_JOBS = 10;

async function urlFetchWarmup(cell: TrialCell, params: UrlFetchParams, target: LoadSide<{ url: string }>, limits: TrialLimits): Promise<UrlFetchTrial> {
  const started = performance.now();
  let last = await urlFetchTrial(cell, params, target, limits);
  for (let jobs = 1; jobs < URL_FETCH_WARMUP_JOBS && performance.now() - started < limits.warmupMs; jobs++) last = await urlFetchTrial(cell, params, target, limits);
  return last;
}

/**
 * The target is asked how it fared after the style's job whatever the job's outcome: a target that died under the
 * job explains the job's errors, so the trial is then the load side's failure, not the style's.
 * The warm-up is a full-size job: a smaller one left the JIT measurably cold (raw at 500 URLs: 3.5k URLs/s after a
 * 125-URL warm-up, against 8k after a full one).
 */
async function urlFetchTrial(cell: TrialCell, params: UrlFetchParams, target: LoadSide<{ url: string }>, limits: TrialLimits): Promise<UrlFetchTrial> {
  await target.request('probe-begin', undefined, limits.startMs);
  const job = cell.host.request<Omit<UrlFetchTrial, 'load'>>('url-fetch', { baseUrl: target.info.url, params }, limits.urlFetchTrialMs);
  const outcome = await job.then(
    (trial) => ({ trial }),
    (error: unknown) => ({ error }),
  );
  let load: ProcessSample;
  try {
    load = await target.request<ProcessSample>('probe-end', undefined, limits.startMs);
  } catch (err) {
    if (!(err instanceof LoadSideError)) throw err;
    const partial = 'trial' in outcome ? { ...outcome.trial, invalid: `the ${err.side} failed during this trial: ${err.message}` } : undefined;
    throw new TrialLostToLoadSide(err, partial);
  }
  if ('error' in outcome) throw outcome.error;
  return { ...outcome.trial, load };
}

async function echoTrial(cell: TrialCell, params: EchoParams, loadgen: LoadSide, warmup: boolean, limits: TrialLimits): Promise<EchoTrial> {
  return (await driveEcho(cell, params, loadgen, warmup, limits)).trial;
}

/** Drives one echo trial and returns it with what the server's probe said before and after it. */
async function driveEcho(
  cell: TrialCell,
  params: EchoParams,
  loadgen: LoadSide,
  warmup: boolean,
  limits: TrialLimits,
): Promise<{ trial: EchoTrial; server: ServerProbe; before: Partial<ServerProbe> }> {
  const p = warmup ? { ...params, durationMs: limits.warmupMs } : params;
  const before = ((await cell.host.request<Partial<ServerProbe> | undefined>('probe-begin', undefined, limits.startMs)) ?? {}) as Partial<ServerProbe>;
  // An AgentError here is the generator reporting the style's fault (e.g. connection refused) and passes through;
  // its crash or hang is a LoadSideError.
  const loadOptions = {
    ...(p.openLoopRate !== undefined ? { openLoopRate: p.openLoopRate } : {}),
    ...(p.loadPattern ? { writeChunkBytes: p.loadPattern.writeChunkBytes, readBufferBytes: p.loadPattern.readBufferBytes } : {}),
  };
  const options = Object.keys(loadOptions).length > 0 ? { options: loadOptions } : {};
  // The generator's own bound covers connecting: a server slow to accept 10,000 connections is measured, and the
  // load side is not blamed for waiting on it.
  const load = await loadgen.request<EchoLoadResult>('echo-trial', { host: limits.host, port: cell.port, params: p, ...options }, echoTrialBoundMs(p) + limits.echoSlackMs);
  const server = await cell.host.request<ServerProbe>('probe-end', undefined, limits.startMs);
  const trial: EchoTrial = {
    operations: load.messages,
    elapsedMs: load.elapsedMs,
    opsPerSec: (load.messages / load.elapsedMs) * 1000,
    mibPerSec: (load.messages * p.size) / (1024 * 1024) / (load.elapsedMs / 1000),
    latency: load.latency,
    errors: load.errors,
    mismatches: load.mismatches,
    process: server.process,
    load: load.loadgen,
    ...(server.stats ? { stats: server.stats } : {}),
    ...(load.firstProblem ? { firstProblem: load.firstProblem } : {}),
    ...(load.openLoop ? { openLoop: load.openLoop } : {}),
  };
  return { trial, server, before };
}

/** What a trial's data shows the style got wrong, or undefined when nothing. */
export function problemOf(setup: GroupParams, trial: Trial): string | undefined {
  const errorCount = Object.values(trial.errors).reduce<number>((a, b) => a + (b ?? 0), 0);
  const detail = trial.firstProblem ? `; first: ${trial.firstProblem}` : '';
  if (setup.scenario === 'url-fetch') {
    const t = trial as UrlFetchTrial;
    if (t.wrongBodies + t.misplaced + errorCount > 0) return `${t.wrongBodies} wrong bodies, ${t.misplaced} misplaced results, ${errorCount} errors${detail}`;
  } else {
    const t = trial as EchoTrial;
    // A reply the server did no work for would flatter it: every reply must have its request's work behind it.
    if (setup.scenario === 'cpu' && (trial as CpuTrial).workDone < t.operations) {
      return `${t.operations} replies but only ${(trial as CpuTrial).workDone} requests worked on${detail}`;
    }
    if (t.mismatches > 0 || errorCount > 0 || t.operations === 0) {
      return `${t.operations} messages echoed, ${t.mismatches} mismatched replies, ${errorCount} connection errors${detail}`;
    }
  }
  return undefined;
}
