/**
 * The process a row of a scenario group runs in, as the runner drives it: a TypeScript style's host
 * (harness/agents/style-host.ts, an AgentProcess) or a real Python system (harness/agents/reference-host.ts). Both
 * answer the same requests, so a reference row goes through the same trials, load side, deadlines and verification
 * as a style's:
 *
 *   describe                  → StyleInfo
 *   echo-start {host}         → {port}
 *   probe-begin / probe-end   → {process: ProcessSample, stats?}
 *   url-fetch {baseUrl, params} → the trial's figures (UrlFetchTrial without `load`)
 *   memory-idle               → {heapMiB: number | null}   (a sweep level; null: no V8 heap, as a reference)
 *   memory-begin / memory-end → {leastMiB, mostMiB: number | null, samples}   (heap sampled during a trial)
 */
export interface CellHost {
  readonly label: string;
  readonly pid: number | undefined;
  /** The last few KiB it wrote to stderr. */
  readonly stderr: string;
  request<T>(type: string, payload: unknown, timeoutMs: number): Promise<T>;
  /** Polite stop, then kill after a grace period; never throws. */
  stop(): Promise<void>;
  kill(): Promise<void>;
}
