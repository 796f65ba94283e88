import { describe, expect, it } from 'vitest';
import type { FetchOutcome } from '../impls/contract.ts';
import { payloadBytes } from './payload.ts';
import { urlFetchJob, verifyUrlFetch } from './url-fetch.ts';

const params = { urls: 3, size: 8, concurrency: 2, timeoutMs: 100 };

function good(url: string): FetchOutcome {
  return { url, ok: true, status: 200, bodyBytes: 8, bodyMatches: true, latencyMs: 1 };
}

describe('url-fetch verification', () => {
  it('counts a body the check passed as verified', () => {
    const job = urlFetchJob('http://127.0.0.1:1', params);
    job.urls.forEach((_, i) => job.checkBody(i, payloadBytes(8)));
    expect(verifyUrlFetch(job, job.urls.map(good), 8)).toMatchObject({ ok: 3, wrongBodies: 0, misplaced: 0 });
  });

  it('holds an outcome to what the body check really said: a good body it never saw, or saw as wrong, is wrong', () => {
    const job = urlFetchJob('http://127.0.0.1:1', params);
    expect(job.checkBody(0, payloadBytes(8))).toBe(true);
    expect(job.checkBody(1, Buffer.alloc(8))).toBe(false);
    const verdict = verifyUrlFetch(job, job.urls.map(good), 8); // URL 2 never went through the check
    expect(verdict).toMatchObject({ ok: 1, wrongBodies: 2 });
    expect(verdict.firstProblem).toMatch(/found wrong/);
  });

  it('counts outcomes for the wrong URL or missing outcomes as misplaced', () => {
    const job = urlFetchJob('http://127.0.0.1:1', params);
    job.urls.forEach((_, i) => job.checkBody(i, payloadBytes(8)));
    const outcomes = [good(job.urls[1]!), good(job.urls[0]!)];
    expect(verifyUrlFetch(job, outcomes, 8)).toMatchObject({ ok: 0, misplaced: 3 });
  });
});
