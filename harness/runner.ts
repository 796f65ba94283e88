/**
 * The runner: turns a plan (styles × scenario groups) into a RunReport.
 *
 * Placement: every style runs in its own style-host process; the echo load generator and the fastify target run
 * in processes of their own. With taskset and two or more cores, the process under test gets core 1 and the load
 * side core 0, so a style never competes with its own load for a core.
 *
 * Fairness on a noisy machine: within a group, all styles' processes are up together and trials are interleaved
 * (trial t runs every style before trial t+1, starting at a different style each round), so drift in the machine's
 * speed lands on all styles alike and the ratios to raw stay honest.
 *
 * Robustness: each request to a child has a deadline. A cell whose child crashes, hangs or returns wrong data
 * becomes a failed row and leaves the rotation; the run goes on; every child is stopped (or killed) in `finally`.
 */
import type { StyleName } from '../impls/contract.ts';
import { isStyleAvailable } from '../impls/registry.ts';
import { describeEcho, type EchoParams } from '../scenarios/echo.ts';
import { describeUrlFetch, type UrlFetchParams } from '../scenarios/url-fetch.ts';
import { AgentCrashed, AgentError, AgentProcess, AgentTimeout } from './agents/process.ts';
import type { LoadgenResult } from './load/echo-load.ts';
import { findTaskset } from './environment.ts';
import type { ProcessSample } from './metrics/process.ts';
import type { CellResult, EchoTrial, FailureState, GroupParams, GroupResult, Trial, UrlFetchTrial } from './results.ts';

export interface RunPlan {
  styles: StyleName[];
  groups: GroupParams[];
  trials: number;
  /** Echo: a discarded trial of this length first. URL-fetch: a discarded job of the same size. */
  warmupMs: number;
  pin: boolean;
  host?: string;
  /** Test hook: load a style's driver from this module instead of impls/<style>/adapter.ts. */
  driverOverrides?: Partial<Record<StyleName, string>>;
  deadlines?: Partial<Deadlines>;
}

export interface Deadlines {
  startMs: number;
  urlFetchTrialMs: number;
  /** Added to an echo trial's duration. */
  echoSlackMs: number;
}

const DEFAULT_DEADLINES: Deadlines = { startMs: 30_000, urlFetchTrialMs: 120_000, echoSlackMs: 15_000 };

export type ProgressEvent =
  | { kind: 'step'; label: string }
  | { kind: 'note'; message: string }
  /** A child process started; lets callers (and tests) account for every process the run created. */
  | { kind: 'spawned'; label: string; pid: number | undefined };

export interface RunContext {
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
}

export function countSteps(plan: RunPlan): number {
  return plan.groups.length * plan.styles.length * (plan.trials + 1);
}

export function pinningOf(plan: RunPlan, cpuCount: number): { tasksetPath?: string; detail: string } {
  if (!plan.pin) return { detail: 'not pinned (--no-pin)' };
  if (cpuCount < 2) return { detail: `not pinned: only ${cpuCount} core` };
  const tasksetPath = findTaskset();
  if (!tasksetPath) return { detail: 'not pinned: taskset is not available' };
  return { tasksetPath, detail: 'style under test on core 1; load generator and target server on core 0 (taskset)' };
}

const CORE_UNDER_TEST = 1;
const CORE_LOAD = 0;

interface LiveCell {
  style: StyleName;
  host: AgentProcess;
  port?: number;
  trials: Trial[];
}

class CellFailure extends Error {
  constructor(
    readonly state: FailureState,
    message: string,
  ) {
    super(message);
  }
}

function failureOf(err: unknown): { state: FailureState; message: string } {
  if (err instanceof CellFailure) return { state: err.state, message: err.message };
  if (err instanceof AgentCrashed) return { state: 'crashed', message: err.message };
  if (err instanceof AgentTimeout) return { state: 'timeout', message: err.message };
  if (err instanceof AgentError) return { state: 'errored', message: err.message };
  return { state: 'errored', message: err instanceof Error ? err.message : String(err) };
}

export class Runner {
  private readonly deadlines: Deadlines;
  private readonly host: string;
  private target: AgentProcess | undefined;
  private targetUrl: string | undefined;

  constructor(
    private readonly plan: RunPlan,
    private readonly tasksetPath: string | undefined,
    private readonly ctx: RunContext = {},
  ) {
    this.deadlines = { ...DEFAULT_DEADLINES, ...plan.deadlines };
    this.host = plan.host ?? '127.0.0.1';
  }

  async run(): Promise<GroupResult[]> {
    const results: GroupResult[] = [];
    try {
      for (const group of this.plan.groups) results.push(await this.runGroup(group));
    } finally {
      await this.target?.stop();
    }
    return results;
  }

  private get aborted(): boolean {
    return this.ctx.signal?.aborted ?? false;
  }

  private step(label: string): void {
    this.ctx.onProgress?.({ kind: 'step', label });
  }

  private async runGroup(setup: GroupParams): Promise<GroupResult> {
    const title =
      setup.scenario === 'echo' ? `echo — ${describeEcho(setup.params)}` : `url-fetch — ${describeUrlFetch(setup.params)}`;
    const id = setup.scenario === 'echo' ? `echo-${setup.params.size}` : `url-fetch-${setup.params.size}`;
    const done = new Map<StyleName, CellResult>();
    const live: LiveCell[] = [];
    let loadgen: AgentProcess | undefined;

    const fail = async (cell: LiveCell, err: unknown): Promise<void> => {
      const { state, message } = failureOf(err);
      await cell.host.kill();
      const stderrTail = cell.host.stderr.trim();
      done.set(cell.style, { style: cell.style, state, message, trials: cell.trials, ...(stderrTail ? { stderrTail } : {}) });
      live.splice(live.indexOf(cell), 1);
      this.ctx.onProgress?.({ kind: 'note', message: `${cell.style} on ${title}: ${state}: ${message}` });
    };

    try {
      // 1. Start every style's process (and the scenario's load side).
      for (const style of this.plan.styles) {
        if (this.aborted) break;
        if (!this.plan.driverOverrides?.[style] && !isStyleAvailable(style)) {
          done.set(style, { style, state: 'unavailable', message: `impls/${style}/adapter.ts does not exist yet`, trials: [] });
          continue;
        }
        const started = await this.startHost(style).then(
          (host) => ({ host }),
          (err: unknown) => ({ err }),
        );
        if ('err' in started) {
          done.set(style, { style, trials: [], ...failureOf(started.err) });
          continue;
        }
        const cell: LiveCell = { style, host: started.host, trials: [] };
        live.push(cell);
        if (setup.scenario === 'echo') {
          try {
            const { port } = await cell.host.request<{ port: number }>('echo-start', { host: this.host }, this.deadlines.startMs);
            cell.port = port;
          } catch (err) {
            await fail(cell, err);
          }
        }
      }
      try {
        if (setup.scenario === 'echo') loadgen = await this.startAgent('loadgen.ts', [], CORE_LOAD, 'echo load generator');
        else await this.ensureTarget();
      } catch (err) {
        // Without its load side no style in the group can be measured; say so in every row and move on.
        const reason = `the load side could not start: ${failureOf(err).message}`;
        for (const cell of [...live]) await fail(cell, new CellFailure('errored', reason));
      }

      // 2. Warm-up, then interleaved trials.
      for (let round = -1; round < this.plan.trials && !this.aborted; round++) {
        const order = rotate([...live], Math.max(0, round));
        for (const cell of order) {
          if (this.aborted) break;
          this.step(`${title} · ${cell.style} · ${round < 0 ? 'warm-up' : `trial ${round + 1}/${this.plan.trials}`}`);
          try {
            const trial =
              setup.scenario === 'echo'
                ? await this.echoTrial(cell, setup.params, loadgen!, round < 0)
                : await this.urlFetchTrial(cell, setup.params);
            if (round >= 0) cell.trials.push(trial);
            checkTrial(setup, trial);
          } catch (err) {
            if (err instanceof LoadgenFailure) {
              // The load side broke, not the style: start a fresh generator and hold the style responsible only
              // for what it did (the loadgen's message says which).
              await loadgen?.kill();
              await fail(cell, new CellFailure('errored', err.message));
              loadgen = await this.startAgent('loadgen.ts', [], CORE_LOAD, 'echo load generator').catch(async (restartErr: unknown) => {
                const reason = `the load generator could not be restarted: ${failureOf(restartErr).message}`;
                for (const other of [...live]) await fail(other, new CellFailure('errored', reason));
                return undefined;
              });
            } else {
              await fail(cell, err);
            }
          }
        }
      }
      for (const cell of live) {
        done.set(cell.style, this.aborted
          ? { style: cell.style, state: 'aborted', message: 'the run was interrupted', trials: cell.trials }
          : { style: cell.style, state: 'completed', trials: cell.trials });
      }
    } finally {
      await Promise.all([...live.map((c) => c.host.stop()), loadgen?.stop()]);
    }
    for (const style of this.plan.styles) {
      if (!done.has(style)) done.set(style, { style, state: 'aborted', message: 'the run was interrupted before this cell started', trials: [] });
    }
    return { id, title, setup, cells: this.plan.styles.map((s) => done.get(s)!) };
  }

  private async startAgent(entry: string, args: string[], core: number, label: string): Promise<AgentProcess> {
    const agent = await AgentProcess.start({ entry, args, core, label, startTimeoutMs: this.deadlines.startMs }, this.tasksetPath);
    this.ctx.onProgress?.({ kind: 'spawned', label, pid: agent.pid });
    return agent;
  }

  private startHost(style: StyleName): Promise<AgentProcess> {
    const override = this.plan.driverOverrides?.[style];
    return this.startAgent('style-host.ts', override ? [style, override] : [style], CORE_UNDER_TEST, `${style} style host`);
  }

  private async ensureTarget(): Promise<void> {
    if (this.targetUrl) return;
    this.target = await this.startAgent('target.ts', [this.host], CORE_LOAD, 'target server');
    this.targetUrl = (await this.target.request<{ url: string }>('info', undefined, this.deadlines.startMs)).url;
  }

  private async urlFetchTrial(cell: LiveCell, params: UrlFetchParams): Promise<UrlFetchTrial> {
    // The warm-up is a full-size job: a smaller one left the JIT measurably cold (raw at 500 URLs: 3.5k URLs/s after a
    // 125-URL warm-up, against 8k after a full one).
    const target = this.target!;
    await target.request('probe-begin', undefined, this.deadlines.startMs);
    const trial = await cell.host.request<Omit<UrlFetchTrial, 'load'>>('url-fetch', { baseUrl: this.targetUrl, params }, this.deadlines.urlFetchTrialMs);
    return { ...trial, load: await target.request<ProcessSample>('probe-end', undefined, this.deadlines.startMs) };
  }

  private async echoTrial(cell: LiveCell, params: EchoParams, loadgen: AgentProcess, warmup: boolean): Promise<EchoTrial> {
    const p = warmup ? { ...params, durationMs: this.plan.warmupMs } : params;
    const deadline = p.durationMs + this.deadlines.echoSlackMs;
    await cell.host.request('probe-begin', undefined, this.deadlines.startMs);
    let load: LoadgenResult;
    try {
      load = await loadgen.request<LoadgenResult>('echo-trial', { host: this.host, port: cell.port, params: p }, deadline);
    } catch (err) {
      if (err instanceof AgentError) throw new CellFailure('errored', err.message); // e.g. connection refused
      throw new LoadgenFailure(`the load generator failed while driving ${cell.style}: ${(err as Error).message}`);
    }
    const server = await cell.host.request<{ process: ProcessSample; stats?: EchoTrial['stats'] }>('probe-end', undefined, this.deadlines.startMs);
    return {
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
    };
  }
}

class LoadgenFailure extends Error {}

/** Throws a CellFailure('invalid') when a trial's data shows the style got something wrong. */
function checkTrial(setup: GroupParams, trial: Trial): void {
  const errorCount = Object.values(trial.errors).reduce<number>((a, b) => a + (b ?? 0), 0);
  const detail = trial.firstProblem ? `; first: ${trial.firstProblem}` : '';
  if (setup.scenario === 'url-fetch') {
    const t = trial as UrlFetchTrial;
    if (t.wrongBodies + t.misplaced + errorCount > 0) {
      throw new CellFailure('invalid', `${t.wrongBodies} wrong bodies, ${t.misplaced} misplaced results, ${errorCount} errors${detail}`);
    }
  } else {
    const t = trial as EchoTrial;
    if (t.mismatches > 0 || errorCount > 0 || t.operations === 0) {
      throw new CellFailure('invalid', `${t.operations} messages echoed, ${t.mismatches} mismatched replies, ${errorCount} connection errors${detail}`);
    }
  }
}

function rotate<T>(items: T[], by: number): T[] {
  if (items.length === 0) return items;
  const k = by % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}
