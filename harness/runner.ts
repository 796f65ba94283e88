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
 * becomes a failed row and leaves the rotation; a load side that fails is its own failure domain (harness/load-side.ts);
 * the run goes on; every child is stopped (or killed) in `finally`. Each group's phases are in harness/group-run.ts.
 */
import type { StyleName } from '../impls/contract.ts';
import { isStyleAvailable } from '../impls/registry.ts';
import type { ProbeResult, ReferenceScenario } from '../impls/reference/references.ts';
import { AgentProcess } from './agents/process.ts';
import { ReferenceHost } from './agents/reference-host.ts';
import type { CellHost } from './cell-host.ts';
import { findTaskset } from './environment.ts';
import { GroupRun, type GroupContext, type LiveCell } from './group-run.ts';
import { AgentLoadSide, loadSideSpecs, type LoadSide, type LoadSideName } from './load-side.ts';
import type { GroupParams, GroupResult, StyleInfo } from './results.ts';
import { isReferenceName, isStyleName, runsScenario, type SystemName } from './systems.ts';
import { scaleKinds } from './scale/run.ts';
import { CellFailure } from './group-run.ts';
import { prepareSweepCell } from './sweep/cell.ts';
import type { TrialLimits } from './trials.ts';

export interface RunPlan {
  /** The rows of each group: styles (raw first) and reference systems (`py-…`), in report order. */
  styles: SystemName[];
  groups: GroupParams[];
  trials: number;
  /** Echo: a discarded trial of this length first. URL-fetch: a discarded job of the same size. */
  warmupMs: number;
  pin: boolean;
  host?: string;
  /** Test hook: load a style's driver from this module instead of impls/<style>/adapter.ts. */
  driverOverrides?: Partial<Record<StyleName, string>>;
  /** Test hook: run this agent module (an absolute path, with these arguments) as that load side instead. */
  loadSideOverrides?: Partial<Record<LoadSideName, { entry: string; args: string[] }>>;
  deadlines?: Partial<Deadlines>;
  /** Which reference systems this machine's Python has (impls/reference/references.ts probeReferences). */
  references?: ProbeResult;
  /** Run the shared-counter race after the groups (`--scenario race`, harness/race-step.ts). */
  race?: boolean;
  /** Run the fault matrix after the groups (`--scenario faults`). */
  faults?: boolean;
  /**
   * Run the real systems' fault rows too, rather than holding the styles to their committed rows: when a reference
   * is asked for by name (`--style py-gevent`), and in the full suite.
   */
  liveFaultReferences?: boolean;
  /** Measure the scale of the styles' own units after the groups and the fault matrix (`--scenario scale`). */
  scale?: { units: number };
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
  /** More steps than first counted (the fault matrix learns its rows once each system has listed its idioms). */
  | { kind: 'more-steps'; count: number }
  /** A child process started; lets callers (and tests) account for every process the run created. */
  | { kind: 'spawned'; label: string; pid: number | undefined };

export interface RunContext {
  /** Interrupt: no new trial starts; the trial under way finishes and is kept. */
  signal?: AbortSignal;
  /** Stop now: every agent is killed at once, the trial under way is lost, and the cells read aborted. */
  halt?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
}

export function countSteps(plan: RunPlan): number {
  return plan.groups.length * plan.styles.length * (plan.trials + 1) + (plan.scale ? scaleKinds(plan.styles.filter(isStyleName)).length : 0);
}

export function pinningOf(plan: RunPlan, cpuCount: number): { tasksetPath?: string; detail: string } {
  if (!plan.pin) return { detail: 'not pinned (--no-pin)' };
  if (cpuCount < 2) return { detail: `not pinned: only ${cpuCount} core` };
  const tasksetPath = findTaskset();
  if (!tasksetPath) return { detail: 'not pinned: taskset is not available' };
  return { tasksetPath, detail: 'style under test on core 1; load generator and target server on core 0 (taskset)' };
}

/** The core the process under test runs on when pinned (the race step pins its style hosts there too). */
export const CORE_UNDER_TEST = 1;
const CORES_ALL = '0,1';
const CORE_LOAD = 0;

export class Runner implements GroupContext {
  readonly limits: TrialLimits;
  private readonly host: string;
  private readonly loadSides: { loadgen: LoadSide; target: LoadSide<{ url: string }> };
  /** What each style's process said about itself, from its first start. */
  readonly described: Partial<Record<SystemName, StyleInfo>> = {};

  constructor(
    private readonly plan: RunPlan,
    private readonly tasksetPath: string | undefined,
    private readonly ctx: RunContext = {},
  ) {
    const deadlines = { ...DEFAULT_DEADLINES, ...plan.deadlines };
    this.host = plan.host ?? '127.0.0.1';
    this.limits = { ...deadlines, warmupMs: plan.warmupMs, host: this.host };
    const specs = loadSideSpecs(this.host, plan.loadSideOverrides);
    const start = (entry: string, args: string[], label: string): Promise<AgentProcess> => this.startAgent(entry, args, CORE_LOAD, label);
    this.loadSides = {
      loadgen: new AgentLoadSide(specs.loadgen, start, deadlines.startMs),
      target: new AgentLoadSide<{ url: string }>(specs.target, start, deadlines.startMs),
    };
  }

  async run(): Promise<GroupResult[]> {
    const results: GroupResult[] = [];
    try {
      for (const group of this.plan.groups) results.push(await new GroupRun(this, group).run());
    } finally {
      await Promise.all(Object.values(this.loadSides).map((side) => side.stop()));
    }
    return results;
  }

  get styles(): SystemName[] {
    return this.plan.styles;
  }

  get trialCount(): number {
    return this.plan.trials;
  }

  get aborted(): boolean {
    return (this.ctx.signal?.aborted ?? false) || this.halted;
  }

  get halted(): boolean {
    return this.ctx.halt?.aborted ?? false;
  }

  notify(event: ProgressEvent): void {
    this.ctx.onProgress?.(event);
  }

  loadSideFor(scenario: GroupParams['scenario']): LoadSide {
    return scenario === 'url-fetch' ? this.loadSides.target : this.loadSides.loadgen;
  }

  unavailable(style: SystemName, scenario: GroupParams['scenario']): string | undefined {
    if (!isReferenceName(style)) {
      return this.plan.driverOverrides?.[style] !== undefined || isStyleAvailable(style) ? undefined : `impls/${style}/adapter.ts does not exist yet`;
    }
    if (!runsScenario(style, scenario)) return `${style} has no ${scenario} role`;
    const availability = this.plan.references?.references[style]?.[scenario as ReferenceScenario];
    if (!availability) return `skipped: this machine's Python was not probed for ${style}`;
    return availability.available ? undefined : `skipped: ${availability.skipped} (install the real systems with: ${availability.install})`;
  }

  async startCell(style: SystemName, setup: GroupParams): Promise<LiveCell> {
    const { scenario, params } = setup;
    const cell: LiveCell = { style, host: await this.startHost(style, scenario), trials: [] };
    try {
      const info = await cell.host.request<StyleInfo>('describe', undefined, this.limits.startMs);
      this.described[style] ??= info;
      if (scenario === 'echo') {
        cell.port = (await cell.host.request<{ port: number }>('echo-start', { host: this.host }, this.limits.startMs)).port;
      } else if (scenario === 'cpu') {
        if (info.capabilities?.cpu !== true) throw new CellFailure('unavailable', `the ${style} style has no cpu-offload server (startCpuServer) yet`);
        cell.port = (await cell.host.request<{ port: number }>('cpu-start', { host: this.host, params }, this.limits.startMs)).port;
      }
      if (setup.sweep) cell.idle = await prepareSweepCell(cell.host, setup.sweep, this.limits.startMs);
    } catch (err) {
      await cell.host.kill();
      throw Object.assign(err as Error, { stderrTail: cell.host.stderr.trim() });
    }
    return cell;
  }

  private async startAgent(entry: string, args: string[], core: number | string, label: string): Promise<AgentProcess> {
    const options = { entry, args, core, label, startTimeoutMs: this.limits.startMs, ...(this.ctx.halt ? { killSignal: this.ctx.halt } : {}) };
    const agent = await AgentProcess.start(options, this.tasksetPath);
    this.ctx.onProgress?.({ kind: 'spawned', label, pid: agent.pid });
    return agent;
  }

  private async startHost(style: SystemName, scenario: GroupParams['scenario']): Promise<CellHost> {
    if (isReferenceName(style)) {
      const host = await ReferenceHost.start(style, scenario as ReferenceScenario, {
        ...(this.plan.references ? { python: this.plan.references.python } : {}),
        core: CORE_UNDER_TEST,
        ...(this.tasksetPath ? { tasksetPath: this.tasksetPath } : {}),
        startTimeoutMs: this.limits.startMs,
        ...(this.ctx.halt ? { killSignal: this.ctx.halt } : {}),
      });
      this.ctx.onProgress?.({ kind: 'spawned', label: host.label, pid: host.pid });
      return host;
    }
    const override = this.plan.driverOverrides?.[style];
    // The cpu scenario's server may use both cores: its worker threads are what is measured (scenarios/cpu.ts).
    const cores = scenario === 'cpu' ? CORES_ALL : CORE_UNDER_TEST;
    return this.startAgent('style-host.ts', override ? [style, override] : [style], cores, `${style} style host`);
  }
}
