/**
 * One scenario group's run, in phases: start every style's process, start the load side, warm up and run the
 * interleaved trials, then settle every cell's row and stop every process. Created by the Runner, one per group.
 *
 * Each failure lands on the party that failed: a style host that crashes, hangs or returns wrong data takes only
 * its own cell out (crashed, timeout, errored, invalid); a load side that fails takes out the cell it was serving
 * as `load-failed`, is restarted once, and if that fails too, every remaining cell becomes `load-failed`; an
 * interrupt leaves the cells it cut short `aborted`. Every cell gets exactly one row.
 */
import { AgentCrashed, AgentError, AgentTimeout } from './agents/process.ts';
import type { CellHost } from './cell-host.ts';
import { groupLabel } from './group-label.ts';
import { LoadSideError, type LoadSide } from './load-side.ts';
import type { IdleMemory } from './sweep/memory.ts';
import type { CellResult, FailureState, GroupParams, GroupResult, LoadSideFailure, Trial } from './results.ts';
import type { ProgressEvent } from './runner.ts';
import { runsScenario, type SystemName } from './systems.ts';
import { problemOf, runTrial, TrialLostToLoadSide, type TrialLimits } from './trials.ts';

export interface LiveCell {
  style: SystemName;
  host: CellHost;
  port?: number;
  /** A sweep level's cell: its host's memory idle before the level (harness/sweep/memory.ts). */
  idle?: IdleMemory;
  trials: Trial[];
}

/** What a group run needs from the run it belongs to (the Runner). */
export interface GroupContext {
  /** The systems with a row in each group of this run (a group drops those without a role in its scenario). */
  readonly styles: SystemName[];
  readonly trialCount: number;
  readonly limits: TrialLimits;
  /** The run was interrupted: no new trial may start. */
  readonly aborted: boolean;
  /** The run was stopped at once and every agent killed: a failure seen now is nobody's fault but the stop's. */
  readonly halted: boolean;
  notify(event: ProgressEvent): void;
  /** Why `style` cannot run here (its adapter is missing, the Python system is not installed), or undefined. */
  unavailable(style: SystemName, scenario: GroupParams['scenario']): string | undefined;
  startCell(style: SystemName, setup: GroupParams): Promise<LiveCell>;
  loadSideFor(scenario: GroupParams['scenario']): LoadSide;
}

type Outcome = { state: FailureState; message: string; stderrTail?: string };

export class CellFailure extends Error {
  constructor(
    readonly state: FailureState,
    message: string,
  ) {
    super(message);
  }
}

export function failureOf(err: unknown): { state: FailureState; message: string } {
  if (err instanceof CellFailure) return { state: err.state, message: err.message };
  if (err instanceof AgentCrashed) return { state: 'crashed', message: err.message };
  if (err instanceof AgentTimeout) return { state: 'timeout', message: err.message };
  if (err instanceof AgentError) return { state: 'errored', message: err.message };
  return { state: 'errored', message: err instanceof Error ? err.message : String(err) };
}

export class GroupRun {
  private readonly id: string;
  private readonly title: string;
  private readonly settled = new Map<SystemName, CellResult>();
  private readonly live: LiveCell[] = [];
  private readonly loadSideFailures: LoadSideFailure[] = [];
  private readonly loadSide: LoadSide;

  constructor(
    private readonly ctx: GroupContext,
    private readonly setup: GroupParams,
  ) {
    ({ id: this.id, title: this.title } = groupLabel(setup));
    this.loadSide = ctx.loadSideFor(setup.scenario);
  }

  async run(): Promise<GroupResult> {
    try {
      await this.startCells();
      await this.startLoadSide();
      await this.runRounds();
    } finally {
      await Promise.all([...this.live.map((c) => c.host.stop()), this.loadSide.lifetime === 'group' ? this.loadSide.stop() : undefined]);
    }
    const cells = this.systems.map((style) => this.settled.get(style) ?? this.rowOfLive(style));
    return {
      id: this.id,
      title: this.title,
      setup: this.setup,
      cells,
      ...(this.loadSideFailures.length > 0 ? { loadSideFailures: this.loadSideFailures } : {}),
    };
  }

  private get systems(): SystemName[] {
    return this.ctx.styles.filter((s) => runsScenario(s, this.setup.scenario));
  }

  private async startCells(): Promise<void> {
    for (const style of this.systems) {
      if (this.ctx.aborted) return;
      const unavailable = this.ctx.unavailable(style, this.setup.scenario);
      if (unavailable !== undefined) {
        this.settled.set(style, { style, state: 'unavailable', message: unavailable, trials: [] });
        continue;
      }
      try {
        this.live.push(await this.ctx.startCell(style, this.setup));
      } catch (err) {
        if (this.ctx.halted) return;
        const stderrTail = (err as { stderrTail?: string }).stderrTail;
        this.settled.set(style, { style, trials: [], ...failureOf(err), ...(stderrTail ? { stderrTail } : {}) });
      }
    }
  }

  private async startLoadSide(): Promise<void> {
    if (this.ctx.aborted || this.live.length === 0) return;
    try {
      await this.loadSide.ensureRunning();
    } catch (err) {
      if (this.ctx.halted) return;
      const failure = err as LoadSideError;
      this.recordLoadSideFailure(failure, 'at the start of the group');
      await this.loseAllToLoadSide(`not measured: ${failure.message}`);
    }
  }

  /** Round -1 is the warm-up; each round starts at a different style so no style always goes first. */
  private async runRounds(): Promise<void> {
    const trials = this.ctx.trialCount;
    for (let round = -1; round < trials && !this.ctx.aborted; round++) {
      for (const cell of rotate([...this.live], Math.max(0, round))) {
        if (this.ctx.aborted) return;
        if (!this.live.includes(cell)) continue; // its row was settled earlier in this round
        const which = round < 0 ? 'warm-up' : `trial ${round + 1}/${trials}`;
        this.ctx.notify({ kind: 'step', label: `${this.title} · ${cell.style} · ${which}` });
        await this.runTrial(cell, round < 0, round < 0 ? 'the warm-up' : `trial ${round + 1}`);
      }
    }
  }

  private async runTrial(cell: LiveCell, warmup: boolean, which: string): Promise<void> {
    const flags = warmup ? { warmup: true as const } : {};
    let trial: Trial;
    try {
      trial = await runTrial(this.setup, cell, this.loadSide, warmup, this.ctx.limits);
    } catch (err) {
      if (this.ctx.halted) return; // the trial under way is lost with the stop; the cell reads aborted
      if (!(err instanceof LoadSideError)) return this.fail(cell, err);
      if (err instanceof TrialLostToLoadSide && err.partial) cell.trials.push({ ...err.partial, ...flags });
      return this.loadSideFailed(cell, err, which);
    }
    const problem = problemOf(this.setup, trial);
    if (problem === undefined) {
      if (!warmup) cell.trials.push(trial);
      return;
    }
    // Kept, flagged: the row's evidence, and the load side's figures still count for the saturation note.
    cell.trials.push({ ...trial, invalid: problem, ...flags });
    await this.fail(cell, new CellFailure('invalid', problem));
  }

  /** The style's fault: its cell leaves the rotation with a failed row; its process is killed, its last words kept. */
  private async fail(cell: LiveCell, err: unknown): Promise<void> {
    const { state, message } = failureOf(err);
    await cell.host.kill();
    const stderrTail = cell.host.stderr.trim();
    await this.settle(cell, { state, message, ...(stderrTail ? { stderrTail } : {}) });
  }

  /**
   * The load side failed while serving this cell: the cell leaves the rotation as `load-failed` (whether the
   * style provoked it cannot be told, so it is not measured further, but it is not blamed either), and the load
   * side gets one restart for the others.
   */
  private async loadSideFailed(cell: LiveCell, failure: LoadSideError, which: string): Promise<void> {
    await this.settle(cell, { state: 'load-failed', message: `not measured to the end: the ${failure.side} failed during ${which}: ${failure.message}` });
    const during = `during ${which} of ${cell.style}`;
    if (this.ctx.aborted) return this.recordLoadSideFailure(failure, during); // nothing more to measure: no restart
    try {
      await this.loadSide.restart();
      this.recordLoadSideFailure(failure, during, { restarted: true });
    } catch (err) {
      if (this.ctx.halted) return;
      const restartFailure = err as LoadSideError;
      this.recordLoadSideFailure(failure, during, { restarted: false, restartFailure });
      await this.loseAllToLoadSide(`not measured to the end: ${restartFailure.message}`);
    }
  }

  private recordLoadSideFailure(failure: LoadSideError, during: string, recovery: { restarted: boolean; restartFailure?: LoadSideError } = { restarted: false }): void {
    const stderrTail = failure.stderrTail ?? recovery.restartFailure?.stderrTail;
    this.loadSideFailures.push({
      side: failure.side,
      message: failure.message,
      during,
      restarted: recovery.restarted,
      ...(recovery.restartFailure ? { restartFailure: recovery.restartFailure.message } : {}),
      ...(stderrTail ? { stderrTail } : {}),
    });
  }

  private async loseAllToLoadSide(message: string): Promise<void> {
    for (const cell of [...this.live]) await this.settle(cell, { state: 'load-failed', message });
  }

  /** A cell's row is written once: the cell leaves the live set here and never comes back. */
  private async settle(cell: LiveCell, outcome: Outcome): Promise<void> {
    const index = this.live.indexOf(cell);
    if (index < 0) return;
    this.live.splice(index, 1);
    await cell.host.kill();
    this.settled.set(cell.style, { style: cell.style, trials: cell.trials, ...outcome });
    this.ctx.notify({ kind: 'note', message: `${cell.style} on ${this.title}: ${outcome.state}: ${outcome.message}` });
  }

  /** A cell still live at the end ran every trial, unless an interrupt cut it short. */
  private rowOfLive(style: SystemName): CellResult {
    const cell = this.live.find((c) => c.style === style);
    const wanted = this.ctx.trialCount;
    if (!cell) return { style, state: 'aborted', message: 'the run was interrupted before this cell started', trials: [] };
    if (cell.trials.length >= wanted) return { style, state: 'completed', trials: cell.trials };
    return { style, state: 'aborted', message: `the run was interrupted after ${cell.trials.length} of ${wanted} trials`, trials: cell.trials };
  }
}

function rotate<T>(items: T[], by: number): T[] {
  if (items.length === 0) return items;
  const k = by % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}
