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

/** A job that remembers what its body check said of each URL, so an outcome can be held to the check it claims. */
export interface CheckedJob extends UrlFetchJob {
  /** Per URL: 0 never checked, 1 the body matched, 2 it did not. */
  readonly verdicts: Uint8Array;
}

const UNCHECKED = 0;
const MATCHED = 1;
const WRONG = 2;

/**
 * The job for one trial. A distinct query per URL keeps the URLs distinct, as a real fan-out's would be. Every URL
 * serves the same payload, so one byte-for-byte comparison checks any body as it arrives.
 */
export function urlFetchJob(baseUrl: string, p: UrlFetchParams): CheckedJob {
  const urls = Array.from({ length: p.urls }, (_, i) => `${baseUrl}/bytes/${p.size}?i=${i}`);
  const verdicts = new Uint8Array(urls.length);
  const checkBody = (index: number, body: Buffer): boolean => {
    const ok = isPayload(body, p.size);
    if (index >= 0 && index < verdicts.length) verdicts[index] = ok ? MATCHED : WRONG;
    return ok;
  };
  return { urls, concurrency: p.concurrency, timeoutMs: p.timeoutMs, checkBody, verdicts };
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

/**
 * Holds each outcome to the URL it should be for and, for a job made by urlFetchJob, to what the body check really
 * said: an outcome that claims a good body its check never saw (or saw as wrong) counts as a wrong body.
 */
export function verifyUrlFetch(job: Pick<UrlFetchJob, 'urls'> & { verdicts?: Uint8Array }, outcomes: FetchOutcome[], size: number): UrlFetchVerdict {
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
    } else if (outcome.status !== 200 || !outcome.bodyMatches) {
      verdict.wrongBodies++;
      note(`${url}: status ${outcome.status}, ${outcome.bodyBytes} bytes that do not match the expected ${size}`);
    } else if (job.verdicts !== undefined && job.verdicts[i] !== MATCHED) {
      verdict.wrongBodies++;
      note(`${url}: reported a good body that the body check ${job.verdicts[i] === UNCHECKED ? 'never saw' : 'found wrong'}`);
    } else {
      verdict.ok++;
    }
  });
  // Missing outcomes were counted above, URL by URL; only surplus ones are left to count.
  if (outcomes.length > job.urls.length) {
    verdict.misplaced += outcomes.length - job.urls.length;
    note(`${outcomes.length} outcomes for ${job.urls.length} URLs`);
  }
  return verdict;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} B`;
}
