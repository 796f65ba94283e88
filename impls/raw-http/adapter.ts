/**
 * Node's own HTTP client (`http.Agent` with keep-alive), as a labelled extra row beside raw for URL-fetch: how much
 * of a style's lead over "plain Node" is the HTTP client rather than the concurrency style. raw itself uses the
 * styles' codec, so that "× raw" compares like with like. It has no echo row of its own (raw's echo is plain Node).
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { FetchOutcome, StyleDriver, UrlFetchJob } from '../contract.ts';
import raw from '../raw/adapter.ts';
import { errorCodeOf, errorMessageOf } from '../shared/errors.ts';

class RequestTimeout extends Error {
  override name = 'RequestTimeout';
  readonly code = 'TIMEOUT';
}

function fetchOne(job: UrlFetchJob, index: number, agent: http.Agent): Promise<FetchOutcome> {
  const url = job.urls[index]!;
  const started = performance.now();
  return new Promise((resolve) => {
    const fail = (err: unknown, status?: number): void =>
      resolve({ url, ok: false, status, error: { code: errorCodeOf(err), message: errorMessageOf(err) }, latencyMs: performance.now() - started });
    let req: http.ClientRequest;
    try {
      req = http.get(url, { agent }, onResponse);
    } catch (err) {
      // http.get throws at once for a URL it cannot send (https:, malformed): one URL's failure, not the job's.
      fail(err);
      return;
    }
    function onResponse(res: http.IncomingMessage): void {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        clearTimeout(timer);
        const status = res.statusCode ?? 0;
        if (status < 200 || status > 299) {
          fail(Object.assign(new Error(`HTTP ${status}`), { code: 'HTTP_STATUS' }), status);
          return;
        }
        const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
        const latencyMs = performance.now() - started;
        resolve({ url, ok: true, status, bodyBytes: body.length, bodyMatches: job.checkBody(index, body), latencyMs });
      });
      res.on('error', (err) => {
        clearTimeout(timer);
        fail(err);
      });
    }
    req.on('error', (err) => {
      clearTimeout(timer);
      fail(err);
    });
    const timer = setTimeout(() => req.destroy(new RequestTimeout(`no complete response within ${job.timeoutMs} ms`)), job.timeoutMs);
  });
}

async function urlFetch(job: UrlFetchJob): Promise<FetchOutcome[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency });
  const results = new Array<FetchOutcome>(job.urls.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < job.urls.length) {
      const i = next++;
      results[i] = await fetchOne(job, i, agent);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(job.concurrency, job.urls.length) }, worker));
  } finally {
    agent.destroy();
  }
  return results;
}

const driver: StyleDriver = {
  name: 'raw-http',
  description: 'plain Node\'s http client (http.Agent, keep-alive): Node\'s own HTTP stack, for comparison with raw\'s shared codec',
  urlFetch,
  startEchoServer: raw.startEchoServer,
};
export default driver;
