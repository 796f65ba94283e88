/**
 * Verifies a reference's url-fetch outcomes. A reference does not send bodies back (10 000 bodies through a pipe
 * would cost more than fetching them); it sends each body's length and CRC-32, computed in Python, and they are
 * checked here against the payload the target server serves. CRC-32 catches every shifted, lost or duplicated
 * chunk the payload's prime period is there to expose; it is not proof against a forger, which nothing here is.
 */
import { crc32 } from 'node:zlib';
import type { UrlFetchJob } from '../contract.ts';
import { payloadBytes } from '../../scenarios/payload.ts';
import type { UrlFetchVerdict } from '../../scenarios/url-fetch.ts';
import type { ReferenceOutcome } from './protocol.ts';

/** The same verdict scenarios/url-fetch.ts's verifyUrlFetch gives a style, for outcomes in URL order. */
export function verifyReferenceFetch(job: Pick<UrlFetchJob, 'urls'>, outcomes: ReferenceOutcome[], size: number): UrlFetchVerdict {
  const verdict: UrlFetchVerdict = { ok: 0, wrongBodies: 0, misplaced: Math.abs(outcomes.length - job.urls.length), errors: {} };
  if (verdict.misplaced > 0) verdict.firstProblem = `${outcomes.length} outcomes for ${job.urls.length} URLs`;
  const expected = crc32(payloadBytes(size));
  outcomes.slice(0, job.urls.length).forEach((outcome, i) => {
    const url = job.urls[i]!;
    if ('error' in outcome) {
      verdict.errors[outcome.error.code] = (verdict.errors[outcome.error.code] ?? 0) + 1;
      verdict.firstProblem ??= `${url}: ${outcome.error.code} ${outcome.error.message}`;
    } else if (outcome.status !== 200 || outcome.bytes !== size || outcome.crc32 !== expected) {
      verdict.wrongBodies++;
      verdict.firstProblem ??= `${url}: status ${outcome.status}, ${outcome.bytes} bytes with CRC-32 ${outcome.crc32}, expected ${size} bytes with ${expected}`;
    } else {
      verdict.ok++;
    }
  });
  return verdict;
}
