/**
 * URL-fetch, the gevent way: a Pool caps the requests in flight, each URL is a greenlet, joinall waits for them.
 *
 *     pool = Pool(C); jobs = [pool.spawn(fetch_one, u) for u in urls]; gevent.joinall(jobs)
 *
 * The comprehension becomes a loop because `yield*` (the blocking pool.spawn) cannot appear inside an arrow
 * function passed to map(). Each greenlet returns its outcome, failures included, as a value: one expected
 * failure per URL is data, not a crash for the hub to print.
 */
import { performance } from 'node:perf_hooks';
import { GreenletExit } from '../exceptions.ts';
import type { Greenlet } from '../greenlet.ts';
import { HttpClientPool } from '../httpclient.ts';
import { Pool } from '../pool.ts';
import { Timeout } from '../timeout.ts';
import { joinall } from '../wait.ts';
import type { Green } from '../waiter.ts';

/** What one URL's greenlet keeps: the status and the verdict on its body, never the body itself. */
export interface FetchResult {
  url: string;
  status?: number;
  bodyBytes?: number;
  bodyMatches?: boolean;
  /** Whatever was raised: a Timeout, a socket error, a codec error. */
  error?: unknown;
  /** From the start of the request (its pool slot acquired) to the last body byte. */
  latencyMs: number;
}

/** The per-response code: looks at a body as it arrives (the harness's check) and says whether it was right. */
export type BodyCheck = (index: number, body: Buffer) => boolean;

// #region url-fetch
export function* fetchOne(client: HttpClientPool, url: string, index: number, timeout: number, check: BodyCheck): Green<FetchResult> {
  const started = performance.now();
  const deadline = Timeout.startNew(timeout);
  try {
    const { status, body } = yield* client.get(url);
    const latencyMs = performance.now() - started;
    return { url, status, bodyBytes: body.length, bodyMatches: status >= 200 && status < 300 && check(index, body), latencyMs };
  } catch (error) {
    if (error instanceof GreenletExit) throw error; // being killed is not an outcome to swallow
    return { url, error, latencyMs: performance.now() - started };
  } finally {
    deadline.cancel();
  }
}

/** Fetches every URL with at most `concurrency` in flight; returns the greenlets, in the order of `urls`. */
export function* fetchAll(urls: readonly string[], concurrency: number, timeout: number, check: BodyCheck): Green<Array<Greenlet<FetchResult>>> {
  const client = new HttpClientPool({ concurrency });
  const pool = new Pool(concurrency);
  try {
    const jobs: Array<Greenlet<FetchResult>> = [];
    for (let i = 0; i < urls.length; i++) jobs.push(yield* pool.spawn(fetchOne, client, urls[i]!, i, timeout, check));
    yield* joinall(jobs);
    return jobs;
  } finally {
    client.close();
  }
}
// #endregion
