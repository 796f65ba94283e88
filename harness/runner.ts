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
import type { CellResult, EchoTrial, FailureState, GroupParams, GroupResult, StyleInfo, Trial, UrlFetchTrial } from './results.ts';

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
  /** What each style's process said about itself, from its first start. */
  readonly described: Partial<Record<StyleName, StyleInfo>> = {};

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
      for (const group of this.plan.groups) results.push(await new GroupRun(this, group).run());
    } finally {
      await this.target?.stop();
    }
    return results;
  }

  /** @internal For GroupRun. */
  get styles(): StyleName[] {
    return this.plan.styles;
  }

  /** @internal For GroupRun. */
  get trialCount(): number {
    return this.plan.trials;
  }

  /** @internal For GroupRun. */
  get aborted(): boolean {
    return this.ctx.signal?.aborted ?? false;
  }

  /** @internal For GroupRun. */
  notify(event: ProgressEvent): void {
    this.ctx.onProgress?.(event);
  }

  /** @internal For GroupRun: the load side of a scenario (a fresh echo load generator, or the shared target). */
  async startLoadSide(scenario: GroupParams['scenario']): Promise<AgentProcess | undefined> {
    if (scenario === 'echo') return this.startAgent('loadgen.ts', [], CORE_LOAD, 'echo load generator');
    await this.ensureTarget();
    return undefined;
  }

  /** @internal For GroupRun: one measured (or warm-up) trial of one cell. */
  trial(cell: LiveCell, setup: GroupParams, loadgen: AgentProcess | undefined, warmup: boolean): Promise<Trial> {
    return setup.scenario === 'echo' ? this.echoTrial(cell, setup.params, loadgen!, warmup) : this.urlFetchTrial(cell, setup.params);
  }

  /** @internal For GroupRun. */
  async startCell(style: StyleName, scenario: GroupParams['scenario']): Promise<LiveCell> {
    const cell: LiveCell = { style, host: await this.startHost(style), trials: [] };
    try {
      this.described[style] ??= await cell.host.request<StyleInfo>('describe', undefined, this.deadlines.startMs);
      if (scenario === 'echo') {
        cell.port = (await cell.host.request<{ port: number }>('echo-start', { host: this.host }, this.deadlines.startMs)).port;
      }
    } catch (err) {
      await cell.host.kill();
      throw Object.assign(err as Error, { stderrTail: cell.host.stderr.trim() });
    }
    return cell;
  }

  /** @internal For GroupRun. */
  isRunnable(style: StyleName): boolean {
    return this.plan.driverOverrides?.[style] !== undefined || isStyleAvailable(style);
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
    const target = await this.startAgent('target.ts', [this.host], CORE_LOAD, 'target server');
    try {
      this.targetUrl = (await target.request<{ url: string }>('info', undefined, this.deadlines.startMs)).url;
    } catch (err) {
      await target.kill(); // a later group will try a fresh one; this one must not be left behind
      throw err;
    }
    this.target = target;
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

/**
 * One scenario group's run, in phases: start every style's process, start the load side, warm up and run the
 * interleaved trials, then settle every cell's row and stop every process.
 */
class GroupRun {
  private readonly title: string;
  private readonly done = new Map<StyleName, CellResult>();
  private readonly live: LiveCell[] = [];
  private loadgen: AgentProcess | undefined;

  constructor(
    private readonly runner: Runner,
    private readonly setup: GroupParams,
  ) {
    this.title =
      setup.scenario === 'echo' ? `echo — ${describeEcho(setup.params)}` : `url-fetch — ${describeUrlFetch(setup.params)}`;
  }

  async run(): Promise<GroupResult> {
    try {
      await this.startCells();
      await this.startLoadSide();
      await this.runRounds();
      this.settleLiveCells();
    } finally {
      await Promise.all([...this.live.map((c) => c.host.stop()), this.loadgen?.stop()]);
    }
    const styles = this.runner.styles;
    const cells = styles.map(
      (style) => this.done.get(style) ?? { style, state: 'aborted' as const, message: 'the run was interrupted before this cell started', trials: [] },
    );
    return { id: `${this.setup.scenario}-${this.setup.params.size}`, title: this.title, setup: this.setup, cells };
  }

  private async startCells(): Promise<void> {
    for (const style of this.runner.styles) {
      if (this.runner.aborted) return;
      if (!this.runner.isRunnable(style)) {
        this.done.set(style, { style, state: 'unavailable', message: `impls/${style}/adapter.ts does not exist yet`, trials: [] });
        continue;
      }
      try {
        this.live.push(await this.runner.startCell(style, this.setup.scenario));
      } catch (err) {
        const stderrTail = (err as { stderrTail?: string }).stderrTail;
        this.done.set(style, { style, trials: [], ...failureOf(err), ...(stderrTail ? { stderrTail } : {}) });
      }
    }
  }

  private async startLoadSide(): Promise<void> {
    try {
      this.loadgen = await this.runner.startLoadSide(this.setup.scenario);
    } catch (err) {
      // Without its load side no style in the group can be measured; say so in every row and move on.
      await this.failAll(`the load side could not start: ${failureOf(err).message}`);
    }
  }

  /** Round -1 is the warm-up; each round starts at a different style so no style always goes first. */
  private async runRounds(): Promise<void> {
    const trials = this.runner.trialCount;
    for (let round = -1; round < trials && !this.runner.aborted; round++) {
      for (const cell of rotate([...this.live], Math.max(0, round))) {
        if (this.runner.aborted) return;
        this.runner.notify({ kind: 'step', label: `${this.title} · ${cell.style} · ${round < 0 ? 'warm-up' : `trial ${round + 1}/${trials}`}` });
        await this.runTrial(cell, round < 0);
      }
    }
  }

  private async runTrial(cell: LiveCell, warmup: boolean): Promise<void> {
    try {
      const trial = await this.runner.trial(cell, this.setup, this.loadgen, warmup);
      if (!warmup) cell.trials.push(trial);
      checkTrial(this.setup, trial);
    } catch (err) {
      if (!(err instanceof LoadgenFailure)) return this.fail(cell, err);
      // The load side broke, not the style: the style is held responsible only for what it did (the message says
      // which), and a fresh generator serves the others.
      await this.loadgen?.kill();
      await this.fail(cell, new CellFailure('errored', err.message));
      try {
        this.loadgen = await this.runner.startLoadSide(this.setup.scenario);
      } catch (restartErr) {
        await this.failAll(`the load generator could not be restarted: ${failureOf(restartErr).message}`);
      }
    }
  }

  private settleLiveCells(): void {
    for (const cell of this.live) {
      this.done.set(
        cell.style,
        this.runner.aborted
          ? { style: cell.style, state: 'aborted', message: 'the run was interrupted', trials: cell.trials }
          : { style: cell.style, state: 'completed', trials: cell.trials },
      );
    }
  }

  /** Takes a cell out of the rotation with a failed row; its process is killed, its last words kept. */
  private async fail(cell: LiveCell, err: unknown): Promise<void> {
    const { state, message } = failureOf(err);
    await cell.host.kill();
    const stderrTail = cell.host.stderr.trim();
    this.done.set(cell.style, { style: cell.style, state, message, trials: cell.trials, ...(stderrTail ? { stderrTail } : {}) });
    this.live.splice(this.live.indexOf(cell), 1);
    this.runner.notify({ kind: 'note', message: `${cell.style} on ${this.title}: ${state}: ${message}` });
  }

  private async failAll(reason: string): Promise<void> {
    for (const cell of [...this.live]) await this.fail(cell, new CellFailure('errored', reason));
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
