/**
 * The shape of a run's results: what the runner produces, what the JSON report holds, and the only input of the
 * markdown writer. A cell's result is a union keyed on `state`, so a failed cell is data, not a crash.
 */
import type { ErrorCode, CoreStats, StyleName } from '../impls/contract.ts';
import type { EchoParams } from '../scenarios/echo.ts';
import type { UrlFetchParams } from '../scenarios/url-fetch.ts';
import type { LatencySummary } from './metrics/latency.ts';
import type { ProcessSample } from './metrics/process.ts';

export type ScenarioName = 'url-fetch' | 'echo';
export const SCENARIO_NAMES: readonly ScenarioName[] = ['url-fetch', 'echo'];

export type GroupParams = { scenario: 'url-fetch'; params: UrlFetchParams } | { scenario: 'echo'; params: EchoParams };

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
   *  the style, was the limit. */
  load: ProcessSample;
  stats?: CoreStats;
  /** The first problem the trial saw (a wrong body, an error), for the report's notes. */
  firstProblem?: string;
}

export interface UrlFetchTrial extends TrialFigures {
  wrongBodies: number;
  misplaced: number;
}

export interface EchoTrial extends TrialFigures {
  /** Replies that did not match what was sent. */
  mismatches: number;
}

export type Trial = UrlFetchTrial | EchoTrial;

export type FailureState = 'crashed' | 'timeout' | 'invalid' | 'errored' | 'unavailable' | 'aborted';

interface CellBase {
  style: StyleName;
  /** Trials completed before the end (all of them for a completed cell). */
  trials: Trial[];
}

export type CellResult =
  | (CellBase & { state: 'completed' })
  | (CellBase & { state: FailureState; message: string; stderrTail?: string });

export interface GroupResult {
  id: string;
  title: string;
  setup: GroupParams;
  cells: CellResult[];
}

export interface RunMeta {
  tool: 'concurrency-testbed';
  schema: 1;
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
  trials: number;
  warmupMs: number;
  command: string;
  interrupted: boolean;
}

/** What a style's own process said about itself. */
export interface StyleInfo {
  description: string;
  machinery?: string;
}

export interface RunReport {
  meta: RunMeta;
  /** Each style that started at least once. */
  styles?: Partial<Record<StyleName, StyleInfo>>;
  groups: GroupResult[];
}
