/**
 * Each reference URL-fetch client, as the harness runs it: a plain Python process answering jobs against the real
 * target server, bodies verified by length + CRC-32 against scenarios/payload.ts, every failure given the contract's
 * code in the system's own terms, the concurrency limit held, and connections reused where the system reuses them.
 * Needs the Python systems (npm run references:install); a missing one skips its suite and says why.
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { referenceUrlFetch } from '../../harness/agents/reference.ts';
import { urlFetchJob } from '../../scenarios/url-fetch.ts';
import { countingServer, freePort, useTargetServer } from '../../test/support.ts';
import type { ReferenceOutcome } from './protocol.ts';
import { probeReferences, REFERENCES, type ReferenceName } from './references.ts';
import { skipNote, useReference } from './test-support.ts';
import { verifyReferenceFetch } from './verify.ts';

const probe = await probeReferences();
const FETCH_REFERENCES = (Object.keys(REFERENCES) as ReferenceName[]).filter((name) => REFERENCES[name].roles['url-fetch']);
/** Tornado's default client opens a connection per request; the others keep theirs alive. */
const KEEPS_ALIVE: Record<string, boolean> = { 'py-tornado': false, 'py-gevent': true, 'py-asyncio': true };
const DEADLINE_MS = 15_000;
/**
 * What each system makes of a response that is not HTTP. Tornado 6.2's HTTP1Connection logs a malformed status line
 * (at INFO) and closes without telling the client, which then waits out its request_timeout.
 */
const MALFORMED: Record<string, string> = { 'py-tornado': 'TIMEOUT', 'py-gevent': 'PROTOCOL', 'py-asyncio': 'PROTOCOL' };

/** A TCP server that answers anything with a line that is not HTTP, then closes. */
async function garbageServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    socket.once('data', () => socket.end('this is not http at all\r\n\r\n'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const errorOf = (o: ReferenceOutcome | undefined) => (o && 'error' in o ? { code: o.error.code, status: o.status } : { ok: o });

describe.each(FETCH_REFERENCES)('%s url-fetch', (name) => {
  const availability = probe.references[name]['url-fetch']!;
  const target = useTargetServer();
  const running = useReference(name, 'url-fetch', availability);

  it.skipIf(!availability.available).each([1024, 100 * 1024])(`fetches every URL of a job with %i-byte bodies, verified${skipNote(availability)}`, async (size) => {
    const job = urlFetchJob(target.url, { urls: 60, size, concurrency: 8, timeoutMs: 5000 });
    const reply = await referenceUrlFetch(running().process, job, DEADLINE_MS);
    const verdict = verifyReferenceFetch(job, reply.outcomes, size);
    expect(verdict, verdict.firstProblem).toMatchObject({ ok: 60, wrongBodies: 0, misplaced: 0, errors: {} });
    expect(reply.elapsedMs).toBeGreaterThan(0);
    expect(Math.max(...reply.outcomes.map((o) => o.latencyMs))).toBeLessThanOrEqual(reply.elapsedMs);
  });

  it.skipIf(!availability.available)(`gives each failure its contract code, in URL order${skipNote(availability)}`, async () => {
    const refused = `http://127.0.0.1:${await freePort()}/bytes/10`;
    const urls = [refused, `${target.url}/status/500`, `${target.url}/hang`, `${target.url}/reset`, `${target.url}/bytes/10`];
    const { outcomes } = await referenceUrlFetch(running().process, { urls, concurrency: 5, timeoutMs: 400 }, DEADLINE_MS);
    expect(outcomes.map(errorOf)).toEqual([
      { code: 'ECONNREFUSED', status: undefined },
      { code: 'HTTP_STATUS', status: 500 },
      { code: 'TIMEOUT', status: undefined },
      { code: 'ECONNRESET', status: undefined },
      { ok: expect.objectContaining({ status: 200, bytes: 10 }) },
    ]);
    expect(outcomes[2]!.latencyMs).toBeGreaterThanOrEqual(390); // the deadline, from the request's start
  });

  it.skipIf(!availability.available)(`reports a malformed response as ${MALFORMED[name]}${skipNote(availability)}`, async () => {
    const server = await garbageServer();
    try {
      const { outcomes } = await referenceUrlFetch(running().process, { urls: [`${server.url}/x`], concurrency: 1, timeoutMs: 500 }, DEADLINE_MS);
      expect(outcomes.map(errorOf)).toEqual([{ code: MALFORMED[name], status: undefined }]);
    } finally {
      await server.close();
    }
  });

  it.skipIf(!availability.available)(`holds the concurrency limit${KEEPS_ALIVE[name] ? ' and reuses its connections' : ', with a new connection per request'}${skipNote(availability)}`, async () => {
    const server = await countingServer(40);
    try {
      const urls = Array.from({ length: 16 }, (_, i) => `${server.url}/?i=${i}`);
      const { outcomes } = await referenceUrlFetch(running().process, { urls, concurrency: 4, timeoutMs: 5000 }, DEADLINE_MS);
      expect(outcomes.every((o) => 'status' in o && o.status === 200 && !('error' in o))).toBe(true);
      expect(server.maxInFlight()).toBe(4);
      if (KEEPS_ALIVE[name]) expect(server.connections()).toBeLessThanOrEqual(4);
      else expect(server.connections()).toBe(16);
    } finally {
      await server.close();
    }
  });

  it.skipIf(!availability.available)(`answers a job it cannot run with an error, and serves the next${skipNote(availability)}`, async () => {
    const child = running().process;
    await expect(child.request('url-fetch', { urls: ['http://example.com/'], concurrency: 1, timeoutMs: 100 }, DEADLINE_MS)).rejects.toThrow(
      "urls must be http:// URLs on loopback, got 'http://example.com/'",
    );
    await expect(child.request('url-fetch', { urls: [], concurrency: 0, timeoutMs: 100 }, DEADLINE_MS)).rejects.toThrow('concurrency must be a whole number above 0');
    const { outcomes } = await referenceUrlFetch(child, { urls: [`${target.url}/bytes/5`], concurrency: 1, timeoutMs: 5000 }, DEADLINE_MS);
    expect(outcomes).toEqual([expect.objectContaining({ status: 200, bytes: 5 })]);
  });
});
