/** verifyReferenceFetch: the CRC-32 and length stand in for the body, so each must be checked against the payload. */
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { payloadBytes } from '../../scenarios/payload.ts';
import { verifyReferenceFetch } from './verify.ts';

const job = { urls: ['http://127.0.0.1:1/bytes/100?i=0', 'http://127.0.0.1:1/bytes/100?i=1'], concurrency: 2, timeoutMs: 1000 };
const good = { status: 200, bytes: 100, crc32: crc32(payloadBytes(100)), latencyMs: 1 };

describe('verifyReferenceFetch', () => {
  it('counts outcomes with the payload\'s length and CRC-32 as ok', () => {
    expect(verifyReferenceFetch(job, [good, good], 100)).toEqual({ ok: 2, wrongBodies: 0, misplaced: 0, errors: {} });
  });

  it.each([
    ['a shifted body', { ...good, crc32: crc32(payloadBytes(100, 1)) }],
    ['a short body', { ...good, bytes: 99 }],
    ['another status', { ...good, status: 203 }],
  ])('counts %s as a wrong body and says which URL', (_what, outcome) => {
    const verdict = verifyReferenceFetch(job, [good, outcome], 100);
    expect(verdict).toMatchObject({ ok: 1, wrongBodies: 1, misplaced: 0 });
    expect(verdict.firstProblem).toContain(job.urls[1]);
  });

  it('counts errors by code, and a missing outcome as misplaced', () => {
    const refused = { error: { code: 'ECONNREFUSED' as const, message: 'refused' }, latencyMs: 1 };
    expect(verifyReferenceFetch(job, [refused], 100)).toMatchObject({ ok: 0, misplaced: 1, errors: { ECONNREFUSED: 1 }, firstProblem: '1 outcomes for 2 URLs' });
  });
});
