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

export const STYLE_NAMES = ['raw', 'callback', 'fiber', 'async'] as const;
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
}

export function isStyleName(value: string): value is StyleName {
  return (STYLE_NAMES as readonly string[]).includes(value);
}
