/**
 * The one interface through which the harness drives any concurrency style.
 *
 * The harness imports nothing from a style but its `adapter.ts` default export, which satisfies `StyleDriver`.
 * A driver is the boundary where a style's idiom (callbacks, green threads, tasks) is turned into the
 * promise-returning shape the harness consumes; it is the only place a style may touch another idiom, and it
 * should stay thin: start the style's own machinery, collect its results, resolve.
 *
 * Everything a driver returns is plain data (no style objects), so results can cross a process boundary.
 */
import type { ExecutorStats } from './shared/executor.ts';

/**
 * raw is the fastest plain Node found, the ceiling; raw-idiomatic is plain Node as first written (Node's http client,
 * the 'data' → write one-liner), a labelled row beside it (impls/raw-idiomatic/adapter.ts).
 */
export const STYLE_NAMES = ['raw', 'raw-idiomatic', 'callback', 'fiber', 'async'] as const;
export type StyleName = (typeof STYLE_NAMES)[number];

/**
 * Stable error codes: the report groups failures by these, so every style must map its own error
 * types onto them the same way.
 */
export const ERROR_CODES = [
  'ECONNREFUSED', // nothing listening
  'ECONNRESET', // peer closed or reset the connection before the response was complete
  'TIMEOUT', // the per-request timeout expired (connect, queue wait, or response)
  'HTTP_STATUS', // a response arrived with a non-2xx status
  'PROTOCOL', // the peer spoke malformed HTTP
  'TOO_LARGE', // the response's head or body was above the client's limit (impls/shared/http1.ts ResponseLimits)
  'CANCELLED', // the request was cancelled/killed by the style's own machinery
  'OTHER', // anything else; `message` says what
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface UrlFetchJob {
  /** Absolute http:// URLs on loopback. */
  urls: string[];
  /** At most this many requests in flight at once. */
  concurrency: number;
  /** Per-request deadline, from the moment the request is started (slot acquired) to the last body byte. */
  timeoutMs: number;
  /**
   * The harness's check of one 2xx body: the style's per-response code calls it as each body arrives, keeps only the
   * verdict and lets the body go, so a trial holds at most `concurrency` bodies at once, never all of them.
   */
  checkBody(index: number, body: Buffer): boolean;
}

export type FetchOutcome =
  | {
      url: string;
      ok: true;
      status: number;
      /** Length of the body that arrived. */
      bodyBytes: number;
      /** What `job.checkBody` said of it. */
      bodyMatches: boolean;
      /** Milliseconds from request start (slot acquired) to the last body byte, measured with performance.now(). */
      latencyMs: number;
    }
  | {
      url: string;
      ok: false;
      error: { code: ErrorCode; message: string };
      /** Status code when a response arrived (HTTP_STATUS), else absent. */
      status?: number;
      latencyMs: number;
    };

export interface EchoServerOptions {
  host: string;
  /** 0 picks a free port; the returned handle says which. */
  port: number;
}

export interface EchoServerHandle {
  port: number;
  /** Stops accepting, closes open connections, and resolves once the style's machinery has wound down. */
  close(): Promise<void>;
}

/** Scheduler snapshot, the same shape for every core so metrics line up (after Trio's RunStatistics). */
export interface CoreStats {
  /** Tasks / greenlets / pending callbacks that exist and have not finished. */
  living: number;
  /** Of those, how many are ready to run right now. */
  runnable: number;
  /** Timers scheduled and not yet fired or cancelled. */
  timers: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Fault cases (the error-propagation matrix; scenarios/faults.ts says what each case does and records)

export const FAULT_CASE_IDS = [
  'baseline',
  'http-500',
  'refused',
  'reset-mid-body',
  'timeout',
  'handler-throws',
  'two-fail',
  'unjoined-child-throws',
  'cancel-parent',
  'blocking-timeout',
  'completion-callback-throws',
  'deadlock',
] as const;
export type FaultCaseId = (typeof FAULT_CASE_IDS)[number];

/**
 * What a fault case reports as it runs: plain synchronous calls, made by the case's own code at the moments named,
 * so that what happened is observed rather than declared. The harness writes each call out with its time.
 */
export interface FaultRecorder {
  /** The fault is triggered now: child `child`'s failing operation starts (or its code is about to throw). */
  fault(child: number): void;
  /** Child `child` starts its work (issues its request). */
  childStart(child: number): void;
  /** Child `child` finished its work successfully (its response was complete and used). */
  childDone(child: number): void;
  /** Child `child`'s `finally` block (or the style's equivalent clean-up) ran. */
  childFinally(child: number): void;
  /**
   * The caller regained control at its wait point: `raised` with what was thrown there (a group counts as one
   * error, its members listed), or `returned` with the results it got back, which may hold errors as values
   * (error objects, or responses whose `error` field is set).
   */
  caller(how: 'raised', error: unknown): void;
  caller(how: 'returned', results: readonly unknown[]): void;
  /** The caller's scope has ended; `childrenRunning` of the case's own children had not finished by then. */
  scopeEnded(childrenRunning: number): void;
}

export interface FaultEnv {
  /** The target server (loopback), without a trailing slash. */
  baseUrl: string;
  /** A loopback URL where nothing listens, for `refused`. */
  refusedUrl: string;
  /** Appended to every URL the case fetches (see scenarios/faults.ts childUrl), so the server counts this row's requests. */
  tag: string;
  record: FaultRecorder;
}

export interface FaultDriver {
  /** The idioms this style writes `caseId` in, one row each, e.g. ['gather', 'gather-rx', 'taskgroup']. */
  idioms(caseId: FaultCaseId): readonly string[];
  /**
   * Runs one case in one idiom, in the style's own machinery. Resolves once the caller's scope has ended (after
   * `record.scopeEnded`), or never when the caller hangs (the harness's watchdog then ends the process).
   */
  run(caseId: FaultCaseId, idiom: string, env: FaultEnv): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------------
// CPU offload (scenarios/cpu.ts) and shared state across a switch point (scenarios/race.ts)

export interface CpuServerOptions extends EchoServerOptions {
  /**
   * 'inline': each request's work runs on the style's loop, blocking it; 'offload': in a worker thread, through the
   * style's own idiom over impls/shared/executor.ts (callback: IOLoop.runInExecutor with a callback; fiber: the hub's
   * threadpool.apply; async: await toThread / loop.runInExecutor).
   */
  mode: 'inline' | 'offload';
  /** cpuWork(seed, iterations) per request (impls/shared/cpu-work.ts); seed: the request's first 4 bytes, LE. */
  iterations: number;
  /** Every request is exactly this many bytes; the reply is the request, echoed once its work is done. */
  messageBytes: number;
  /** Worker threads for 'offload'. */
  threads: number;
}

export interface CpuServerHandle extends EchoServerHandle {
  /** Requests whose work was done (so the harness can hold the echoed replies to real work). */
  workDone(): number;
  /** The executor's statistics since the last call to resetWindow(), for 'offload'. */
  executorStats?(): ExecutorStats;
  resetWindow?(): void;
}

export interface RaceOptions {
  /** Concurrent workers (callbacks, greenlets, tasks), each adding 1 to a shared counter `increments` times. */
  workers: number;
  increments: number;
  /** Guard the read-modify-write with the style's own lock. */
  lock: boolean;
}

export interface RaceOutcome {
  /** workers × increments. */
  expected: number;
  /** The counter at the end: below `expected` by the updates lost. */
  final: number;
}

export interface StyleDriver {
  readonly name: StyleName;
  /** One line for the report: what the style imitates and how. */
  readonly description: string;
  /**
   * How this process built the style's machinery, where that depends on the machine or the install (the report
   * prints it, since it moves the figures).
   */
  readonly machinery?: string;
  /**
   * Fetch every URL with at most `job.concurrency` in flight; resolve with one outcome per URL, in the order of
   * `job.urls`. Must not reject for per-URL failures (a refused connection, a malformed or non-http URL): those are
   * outcomes. Rejects only if the style itself broke, or (through the registry's guard) for a URL off loopback.
   */
  urlFetch(job: UrlFetchJob): Promise<FetchOutcome[]>;
  /** Start a TCP echo server written in the style: every byte received on a connection is written back to it. */
  startEchoServer(options: EchoServerOptions): Promise<EchoServerHandle>;
  /** The style's scheduler statistics, where it has a scheduler of its own. */
  stats?(): CoreStats;
  /** The fault cases written in the style, for the error-propagation matrix. */
  readonly faults?: FaultDriver;
  /** A request/response server whose every request needs CPU work, done inline or offloaded (scenarios/cpu.ts). */
  startCpuServer?(options: CpuServerOptions): Promise<CpuServerHandle>;
  /**
   * Each worker reads a shared counter, reaches a switch point (the style's way of letting others run), then writes
   * the value read plus one; with `lock`, the style's lock guards the three steps (scenarios/race.ts).
   */
  raceCounter?(options: RaceOptions): Promise<RaceOutcome>;
  /** What the style's scenario code sets differently from its system's defaults, per scenario, for the report. */
  readonly notes?: Partial<Record<'url-fetch' | 'echo', string>>;
}

export function isStyleName(value: string): value is StyleName {
  return (STYLE_NAMES as readonly string[]).includes(value);
}
