/**
 * The shape of a run's results: what the runner produces, what the JSON report holds, and the only input of the
 * markdown writer. A cell's result is a union keyed on `state`, so a failed cell is data, not a crash.
 */
import type { ErrorCode, CoreStats } from '../impls/contract.ts';
import type { ExecutorStats } from '../impls/shared/executor.ts';
import type { CpuParams } from '../scenarios/cpu.ts';
import type { EchoParams } from '../scenarios/echo.ts';
import type { UrlFetchParams } from '../scenarios/url-fetch.ts';
import type { LatencySummary } from './metrics/latency.ts';
import type { ProcessSample } from './metrics/process.ts';
import type { SystemName } from './systems.ts';
import type { FaultMatrixResult } from './faults/matrix.ts';
import type { OpenLoopFigures } from './load/echo-trial.ts';
import type { RaceResult } from './race-step.ts';
import type { CodeExtract } from './report/code/extract.ts';
import type { ScaleResult } from './scale/types.ts';
import type { FdLimitReport, SweepLevel, SweepMemory } from './sweep/types.ts';

/**
 * What `--scenario` names: the measured groups (url-fetch, echo, cpu), the concurrency sweeps (echo-sweep,
 * url-fetch-sweep: groups of those scenarios at each level), the shared-counter race (harness/race-step.ts), the fault
 * matrix (harness/faults/) and the scale of the styles' own units (harness/scale/).
 */
export type ScenarioName = 'url-fetch' | 'echo' | 'cpu' | 'race' | 'faults' | 'echo-sweep' | 'url-fetch-sweep' | 'scale';
export const SCENARIO_NAMES: readonly ScenarioName[] = ['url-fetch', 'echo', 'cpu', 'race', 'faults', 'echo-sweep', 'url-fetch-sweep', 'scale'];

/** `sweep`: the group is one level of a concurrency sweep (harness/sweep/), rendered in the sweep's table. */
export type GroupParams = (
  | { scenario: 'url-fetch'; params: UrlFetchParams }
  | { scenario: 'echo'; params: EchoParams }
  | { scenario: 'cpu'; params: CpuParams }
) & { sweep?: SweepLevel };

/** Figures every trial has, whatever the scenario. */
export interface TrialFigures {
  /** Operations per second: URLs/s or echoed messages/s. */
  opsPerSec: number;
  /** Payload MiB/s (one direction). */
  mibPerSec: number;
  operations: number;
  elapsedMs: number;
  latency: LatencySummary;
  errors: Partial<Record<ErrorCode | string, number>>;
  /** The process under test (the style host). */
  process: ProcessSample;
  /** The load side's cost (the echo load generator, or the target server for URL-fetch), to tell whether it, not
   *  the style, was the limit. Absent when the load side died during the trial. */
  load?: ProcessSample;
  stats?: CoreStats;
  /** The first problem the trial saw (a wrong body, an error), for the report's notes. */
  firstProblem?: string;
  /** Set when the trial's data showed a fault (wrong bytes, errors) or the load side failed under it: why. Such a
   *  trial is kept, so that no data is lost, but never quoted as a figure. */
  invalid?: string;
  /** A warm-up trial: kept only when it was invalid, as the evidence for its cell's row. */
  warmup?: true;
  /** A sweep level's trial: the process under test's memory idle before the level and under it. */
  memory?: SweepMemory;
}

export interface UrlFetchTrial extends TrialFigures {
  wrongBodies: number;
  misplaced: number;
}

export interface EchoTrial extends TrialFigures {
  /** Replies that did not match what was sent. */
  mismatches: number;
  /** An open-loop trial (`--rate`): the schedule's figures, and latency from the actual send (uncorrected); the
   *  trial's `latency` is then from each message's slot (corrected for coordinated omission). */
  openLoop?: OpenLoopFigures;
}

/** A cpu-offload trial: an echo trial of small requests, plus what the server's work and worker pool did. */
export interface CpuTrial extends EchoTrial {
  /** Requests the server worked on during the trial (held against the replies counted). */
  workDone: number;
  /** The worker pool, for an offloaded trial. */
  pool?: ExecutorStats;
}

export type Trial = UrlFetchTrial | EchoTrial | CpuTrial;

/**
 * Why a cell did not complete. `load-failed` is the load side's failure domain (target server, load generator): the
 * style was not measured to the end, through no fault of its own. `aborted`: the run was interrupted.
 */
export type FailureState = 'crashed' | 'timeout' | 'invalid' | 'errored' | 'unavailable' | 'aborted' | 'load-failed';

interface CellBase {
  /** The system the row measured: a style (raw included) or a reference (`py-…`, see harness/systems.ts). */
  style: SystemName;
  /** Trials completed before the end (all of them for a completed cell), and any trial kept as evidence of what
   *  ended the cell (flagged `invalid`). */
  trials: Trial[];
}

export type CellResult =
  | (CellBase & { state: 'completed' })
  /** stderrTail: the last words of the style's process, for the states that are its fault. */
  | (CellBase & { state: FailureState; message: string; stderrTail?: string });

/** A failure of the load side during a group: what happened, whether a restart brought it back, its last words. */
export interface LoadSideFailure {
  /** Which process: 'echo load generator', 'target server'. */
  side: string;
  message: string;
  /** When it happened, e.g. "at the start of the group" or "during trial 2 of fiber". */
  during: string;
  /** Whether a restart brought it back for the remaining cells (none is tried once the run is interrupted). */
  restarted: boolean;
  /** Why the restart failed, when one was tried and failed. */
  restartFailure?: string;
  stderrTail?: string;
}

export interface GroupResult {
  id: string;
  title: string;
  setup: GroupParams;
  cells: CellResult[];
  /** Present when the load side failed during this group. */
  loadSideFailures?: LoadSideFailure[];
}

export interface RunMeta {
  tool: 'concurrency-testbed';
  /** 2: cells may be `load-failed`, groups carry `loadSideFailures`, trials may be flagged `invalid`/`warmup` and
   *  lack `load`. */
  schema: 2;
  startedAt: string;
  finishedAt: string;
  node: string;
  platform: string;
  cpuModel: string;
  cpuCount: number;
  gitCommit: string;
  /** How server and load were placed on cores, or why they were not pinned. */
  pinning: { enabled: boolean; detail: string };
  /** Which echo load generator drove echo trials (harness/load/echo-generator.ts's describeEchoGenerator). */
  echoLoadGenerator?: string;
  /** How the allocator of the processes under test was set (harness/malloc-env.ts). */
  allocator?: string;
  /** A sweep's file-descriptor limit: what the testbed (and so every child it starts) had, and whether it was raised. */
  fdLimit?: FdLimitReport;
  trials: number;
  warmupMs: number;
  command: string;
  interrupted: boolean;
}

/** What a style's own process said about itself. */
export interface StyleInfo {
  description: string;
  machinery?: string;
  /** Which optional scenarios the style has written (a style without one gets an `unavailable` row there). */
  capabilities?: { cpu: boolean; race: boolean; faults: boolean };
}

/** The real Python systems this run looked for: which interpreter, and which rows it had to skip and why. */
export interface ReferencesInfo {
  python: string;
  skipped: Array<{ reference: string; scenario: string; reason: string; install: string }>;
}

export interface RunReport {
  meta: RunMeta;
  references?: ReferencesInfo;
  /** The fault matrix, when the run included it. */
  faults?: FaultMatrixResult;
  /** The scale of the styles' own units (`--scenario scale`), when the run included it. */
  scale?: ScaleResult;
  /** Lost updates per style, without and with its lock, when the run included the race. */
  race?: RaceResult;
  /** The scenario code of each style in the run, extracted from the checkout when the report was written. */
  code?: CodeExtract;
  /** Each style that started at least once. */
  styles?: Partial<Record<SystemName, StyleInfo>>;
  groups: GroupResult[];
}
