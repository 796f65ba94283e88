/**
 * URL-fetch in plain Node, through the same HTTP/1.1 codec as the styles: a keep-alive pool of `net` sockets per
 * host:port, `concurrency` workers each taking the next URL, one request per socket at a time, and a per-request
 * deadline that destroys the socket. No style layer: sockets' own events, a promise per request.
 */
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import type { FetchOutcome, UrlFetchJob } from '../contract.ts';
import { errorCodeOf, errorMessageOf } from '../shared/errors.ts';
import { encodeGetRequest, ResponseParser, targetOf, type HttpResponseData, type RequestTarget } from '../shared/http1.ts';

class RequestTimeout extends Error {
  override name = 'RequestTimeout';
  readonly code = 'TIMEOUT';
}

class HttpStatusError extends Error {
  override name = 'HttpStatusError';
  readonly code = 'HTTP_STATUS';
}

/** Idle keep-alive sockets per host:port; an idle socket does not hold the process; one the server closed is skipped. */
class Pool {
  private readonly idle = new Map<string, net.Socket[]>();

  take(key: string): net.Socket | undefined {
    const list = this.idle.get(key);
    for (let s = list?.pop(); s !== undefined; s = list?.pop()) {
      if (!s.destroyed && s.readable) return s.ref();
    }
    return undefined;
  }

  give(key: string, socket: net.Socket): void {
    let list = this.idle.get(key);
    if (!list) this.idle.set(key, (list = []));
    list.push(socket.unref());
  }

  closeAll(): void {
    for (const list of this.idle.values()) for (const s of list.splice(0)) s.destroy();
  }
}

/** One request on one socket: resolves with the response, or rejects with the socket's error, the codec's, or a timeout. */
function request(socket: net.Socket, target: RequestTarget, timeoutMs: number): Promise<{ data: HttpResponseData; reusable: boolean }> {
  return new Promise((resolve, reject) => {
    const parser = new ResponseParser();
    const done = (err: Error | undefined, result?: { data: HttpResponseData; reusable: boolean }): void => {
      clearTimeout(timer);
      socket.removeListener('data', onData);
      socket.removeListener('end', onEnd);
      socket.removeListener('error', onError);
      socket.removeListener('close', onEnd);
      if (err) {
        socket.destroy();
        reject(err);
      } else resolve(result!);
    };
    const onData = (chunk: Buffer): void => {
      try {
        if (parser.push(chunk)) done(undefined, { data: parser.response!, reusable: parser.response!.keepAlive && parser.leftover === undefined });
      } catch (err) {
        done(err as Error);
      }
    };
    const onEnd = (): void => {
      try {
        parser.end();
        done(undefined, { data: parser.response!, reusable: false });
      } catch (err) {
        done(err as Error);
      }
    };
    const onError = (err: Error): void => done(err);
    const timer = setTimeout(() => done(new RequestTimeout(`no complete response within ${timeoutMs} ms`)), timeoutMs);
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('close', onEnd);
    socket.on('error', onError);
    socket.write(encodeGetRequest(target));
  });
}

function connect(target: RequestTarget): net.Socket {
  const socket = net.connect({ host: target.host, port: target.port, noDelay: true });
  socket.setNoDelay(true);
  return socket;
}

// #region url-fetch
async function fetchOne(job: UrlFetchJob, index: number, pool: Pool): Promise<FetchOutcome> {
  const url = job.urls[index]!;
  const started = performance.now();
  const failed = (err: unknown, status?: number): FetchOutcome => ({
    url,
    ok: false,
    ...(status !== undefined ? { status } : {}),
    error: { code: errorCodeOf(err), message: errorMessageOf(err) },
    latencyMs: performance.now() - started,
  });
  let target: RequestTarget;
  try {
    target = targetOf(url);
  } catch (err) {
    return failed(err); // an https: or malformed URL is this URL's failure, not the job's
  }
  const key = `${target.host}:${target.port}`;
  // A reused socket the server closed while idle shows that only when used: then, once, a fresh one.
  for (let attempt = 0; ; attempt++) {
    const reused = pool.take(key);
    const socket = reused ?? connect(target);
    try {
      const { data, reusable } = await request(socket, target, job.timeoutMs);
      if (reusable) pool.give(key, socket);
      else socket.destroy();
      const latencyMs = performance.now() - started;
      if (data.status < 200 || data.status > 299) return failed(new HttpStatusError(`HTTP ${data.status}`), data.status);
      return { url, ok: true, status: data.status, bodyBytes: data.body.length, bodyMatches: job.checkBody(index, data.body), latencyMs };
    } catch (err) {
      if (reused !== undefined && attempt === 0 && errorCodeOf(err) === 'ECONNRESET') continue;
      return failed(err);
    }
  }
}

export async function urlFetch(job: UrlFetchJob): Promise<FetchOutcome[]> {
  const pool = new Pool();
  const results = new Array<FetchOutcome>(job.urls.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < job.urls.length) {
      const i = next++;
      results[i] = await fetchOne(job, i, pool);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(job.concurrency, job.urls.length) }, worker));
  } finally {
    pool.closeAll();
  }
  return results;
}
// #endregion
