/**
 * Plain Node as a Node programmer first writes it, as a labelled row beside raw (which is the fastest plain Node the
 * testbed found): URL-fetch with Node's own HTTP client (`http.Agent`, keep-alive), and echo as the one-liner
 * `socket.on('data', (d) => socket.write(d))` with backpressure. Against raw it shows what Node's defaults cost: its
 * HTTP stack beside the styles' shared codec, and a new zero-filled buffer per read beside one reused buffer.
 */
import http from 'node:http';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import type { EchoServerHandle, EchoServerOptions, FetchOutcome, StyleDriver, UrlFetchJob } from '../contract.ts';
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

// #region echo
function startEchoServer(options: EchoServerOptions): Promise<EchoServerHandle> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('data', (data) => {
      if (!socket.write(data)) {
        socket.pause(); // backpressure: stop reading until the write buffer drains
        socket.once('drain', () => socket.resume());
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      resolve({
        port: (server.address() as net.AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
// #endregion

const driver: StyleDriver = {
  name: 'raw-idiomatic',
  description: 'plain Node as first written: http.Agent for URL-fetch, socket.on(\'data\', write) for echo (raw is the fastest plain Node found)',
  urlFetch,
  startEchoServer,
};
export default driver;
