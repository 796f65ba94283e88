/**
 * URL-fetch: fan out over N URLs of /bytes/S on the target server with at most C requests in flight, gather
 * every result, and verify each body byte for byte.
 */
import type { ErrorCode, FetchOutcome, UrlFetchJob } from '../impls/contract.ts';
import { isPayload } from './payload.ts';

export interface UrlFetchParams {
  /** How many URLs one trial fetches. */
  urls: number;
  /** Body size of each URL, bytes. */
  size: number;
  /** Requests in flight at most. */
  concurrency: number;
  /** Per-request deadline, ms. */
  timeoutMs: number;
}

export const URL_FETCH_DEFAULTS: UrlFetchParams = { urls: 10_000, size: 1024, concurrency: 50, timeoutMs: 10_000 };

export function describeUrlFetch(p: UrlFetchParams): string {
  return `${p.urls} URLs × ${formatBytes(p.size)}, concurrency ${p.concurrency}`;
}

/** The job for one trial. A distinct query per URL keeps the URLs distinct, as a real fan-out's would be. */
export function urlFetchJob(baseUrl: string, p: UrlFetchParams): UrlFetchJob {
  const urls = Array.from({ length: p.urls }, (_, i) => `${baseUrl}/bytes/${p.size}?i=${i}`);
  return { urls, concurrency: p.concurrency, timeoutMs: p.timeoutMs };
}

export interface UrlFetchVerdict {
  ok: number;
  /** Responses that arrived with status 200 but the wrong bytes. */
  wrongBodies: number;
  /** Outcomes for URLs other than the one asked for, or missing outcomes. */
  misplaced: number;
  errors: Partial<Record<ErrorCode, number>>;
  /** The first problem seen, for the report's notes. */
  firstProblem?: string;
}

export function verifyUrlFetch(job: UrlFetchJob, outcomes: FetchOutcome[], size: number): UrlFetchVerdict {
  const verdict: UrlFetchVerdict = { ok: 0, wrongBodies: 0, misplaced: 0, errors: {} };
  const note = (problem: string): void => {
    verdict.firstProblem ??= problem;
  };
  job.urls.forEach((url, i) => {
    const outcome = outcomes[i];
    if (!outcome || outcome.url !== url) {
      verdict.misplaced++;
      note(`outcome ${i} is for ${outcome?.url ?? 'nothing'}, expected ${url}`);
    } else if (!outcome.ok) {
      verdict.errors[outcome.error.code] = (verdict.errors[outcome.error.code] ?? 0) + 1;
      note(`${url}: ${outcome.error.code} ${outcome.error.message}`);
    } else if (outcome.status !== 200 || !isPayload(outcome.body, size)) {
      verdict.wrongBodies++;
      note(`${url}: status ${outcome.status}, ${outcome.body.length} bytes that do not match the expected ${size}`);
    } else {
      verdict.ok++;
    }
  });
  if (outcomes.length !== job.urls.length) {
    verdict.misplaced += Math.abs(outcomes.length - job.urls.length);
    note(`${outcomes.length} outcomes for ${job.urls.length} URLs`);
  }
  return verdict;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} B`;
}
