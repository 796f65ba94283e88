import { execa } from 'execa';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { countingServer as startCountingServer, freePort, useTargetServer, type CountingServer } from '../../test/support.ts';
import { isPayload } from '../../scenarios/payload.ts';
import {
  AsyncHTTPClient,
  HTTPClientError,
  HTTPRequest,
  HTTPStreamClosedError,
  HTTPTimeoutError,
  type AsyncHTTPClientOptions,
  type HTTPResponse,
} from './httpclient.ts';
import type { Future } from './concurrent.ts';
import { RuntimeError } from './exceptions.ts';
import { IOLoop } from './ioloop.ts';

const target = useTargetServer();

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function clientOn(options: AsyncHTTPClientOptions = {}): { loop: IOLoop; client: AsyncHTTPClient } {
  const loop = new IOLoop();
  const client = new AsyncHTTPClient({ ioLoop: loop, ...options });
  loop.start();
  cleanups.push(() => {
    client.close();
    if (loop.isRunning()) loop.stop();
  });
  return { loop, client };
}

/** Fetches each URL and hands back the responses once the last callback has run. */
function fetchEach(client: AsyncHTTPClient, urls: (string | HTTPRequest)[]): Promise<HTTPResponse[]> {
  return new Promise((resolve) => {
    const responses: HTTPResponse[] = [];
    let remaining = urls.length;
    urls.forEach((url, i) =>
      client.fetch(url, (response) => {
        responses[i] = response;
        if (--remaining === 0) resolve(responses);
      }),
    );
  });
}

/** A counting server closed after the test. */
async function countingServer(delayMs: number): Promise<CountingServer> {
  const server = await startCountingServer(delayMs);
  cleanups.push(() => void server.close());
  return server;
}

describe('AsyncHTTPClient.fetch', () => {
  it('delivers a 200 response with its body, headers and request time', async () => {
    const { client } = clientOn();
    const [response] = await fetchEach(client, [`${target.url}/bytes/70000`]);
    expect(response!.code).toBe(200);
    expect(response!.error).toBeNull();
    expect(isPayload(response!.body!, 70_000)).toBe(true);
    expect(response!.headers['content-length']).toBe('70000');
    expect(response!.requestTime).toBeGreaterThan(0);
    expect(() => response!.rethrow()).not.toThrow();
  });

  it('sets error to an HTTPClientError on a 500, without throwing at the caller; rethrow() raises it', async () => {
    const { client } = clientOn();
    const [response] = await fetchEach(client, [`${target.url}/status/500`]);
    expect(response!.code).toBe(500);
    expect(response!.error).toBeInstanceOf(HTTPClientError);
    expect((response!.error as HTTPClientError).code).toBe(500);
    expect(response!.error!.message).toBe('HTTP 500: Internal Server Error');
    expect(response!.body!.toString()).toBe('status 500');
    expect(() => response!.rethrow()).toThrow(HTTPClientError);
  });

  it('gives 599 with the socket error when the connection is refused', async () => {
    const { client } = clientOn();
    const [response] = await fetchEach(client, [`http://127.0.0.1:${await freePort()}/`]);
    expect(response!.code).toBe(599);
    expect((response!.error as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
  });

  it('gives 599 when the server breaks the connection mid-body', async () => {
    const { client } = clientOn();
    const [response] = await fetchEach(client, [`${target.url}/reset`]);
    expect(response!.code).toBe(599);
    const error = response!.error!;
    // Either the kernel reports a reset, or we saw a clean FIN before the promised body was complete.
    if (error instanceof HTTPStreamClosedError) expect(String((error.cause as Error).message)).toMatch(/before the response body was complete/);
    else expect((error as NodeJS.ErrnoException).code).toBe('ECONNRESET');
  });

  it('gives 599 "Timeout during request" when the response does not come in time', async () => {
    const { client } = clientOn({ requestTimeout: 0.1 });
    const started = performance.now();
    const [response] = await fetchEach(client, [`${target.url}/hang`]);
    expect(response!.code).toBe(599);
    expect(response!.error).toBeInstanceOf(HTTPTimeoutError);
    expect(response!.error!.message).toBe('Timeout during request');
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
    expect(response!.requestTime).toBeGreaterThanOrEqual(0.095);
  });

  it('gives 599 for a non-http URL instead of throwing', async () => {
    const { client } = clientOn();
    const [response] = await fetchEach(client, ['https://127.0.0.1/']);
    expect(response!.code).toBe(599);
    expect(response!.error!.name).toBe('HttpProtocolError');
  });

  it('runs the callback exactly once even when the timeout and the connection close race', async () => {
    expect.assertions(2);
    const { loop, client } = clientOn({ requestTimeout: 0.05 });
    let calls = 0;
    await new Promise<void>((done) => {
      client.fetch(`${target.url}/hang`, (response) => {
        calls++;
        expect(response.code).toBe(599);
      });
      loop.callLater(0.2, done); // long after the timeout and the stream close have both happened
    });
    expect(calls).toBe(1);
  });
});

describe('AsyncHTTPClient maxClients queueing', () => {
  it('never runs more than maxClients requests at once, and uses all of them', async () => {
    const counter = await countingServer(20);
    const { client } = clientOn({ maxClients: 3 });
    const urls = Array.from({ length: 12 }, (_, i) => `${counter.url}/r${i}`);
    const responses = await fetchEach(client, urls);
    expect(responses.map((r) => r.code)).toEqual(urls.map(() => 200));
    expect(counter.maxInFlight()).toBe(3);
    expect(client.activeCount).toBe(0);
    expect(client.queuedCount).toBe(0);
  });

  it('reuses idle keep-alive connections (as curl_httpclient does)', async () => {
    const counter = await countingServer(1);
    const { client } = clientOn({ maxClients: 2 });
    const responses = await fetchEach(client, Array.from({ length: 10 }, (_, i) => `${counter.url}/r${i}`));
    expect(responses.every((r) => r.code === 200)).toBe(true);
    expect(counter.connections()).toBe(2);
  });

  it('fails a request that waits in the queue past its timeout with "Timeout in request queue"', async () => {
    // The queue timeout is min(connect, request) timeouts, counted from fetch(), as in Tornado.
    const { client } = clientOn({ maxClients: 1, connectTimeout: 0.06, requestTimeout: 2 });
    const [slow, queued] = await fetchEach(client, [`${target.url}/delay/200`, `${target.url}/bytes/10`]);
    expect(queued!.code).toBe(599);
    expect(queued!.error).toBeInstanceOf(HTTPTimeoutError);
    expect(queued!.error!.message).toBe('Timeout in request queue');
    expect(slow!.code).toBe(200); // the request holding the slot is unaffected
  });

  it('does not time out in the queue when queueTimeout is Infinity', async () => {
    // Each request takes 100 ms of its 1 s timeout; queued behind two others, the third waits 200 ms past a 150 ms
    // connect timeout, which would fail it in Tornado's queue.
    const { client } = clientOn({ maxClients: 1, connectTimeout: 0.15, requestTimeout: 1, queueTimeout: Infinity });
    const responses = await fetchEach(client, [`${target.url}/delay/100`, `${target.url}/delay/100`, `${target.url}/delay/100`]);
    expect(responses.map((r) => r.code)).toEqual([200, 200, 200]);
  });

  it('honours per-request timeouts on an HTTPRequest', async () => {
    const { client } = clientOn({ requestTimeout: 5 });
    const [response] = await fetchEach(client, [new HTTPRequest(`${target.url}/hang`, { requestTimeout: 0.04 })]);
    expect(response!.error).toBeInstanceOf(HTTPTimeoutError);
  });
});

describe('AsyncHTTPClient as Tornado 5.1 has it', () => {
  it('returns a Future that is done, with the response, by the time the callback runs', async () => {
    const { client } = clientOn();
    let future: Future<HTTPResponse> | undefined;
    const response = await new Promise<HTTPResponse>((resolve) => {
      future = client.fetch(`${target.url}/bytes/3`, resolve);
      expect(future.done()).toBe(false);
    });
    expect(future!.done()).toBe(true);
    expect(future!.result()).toBe(response);
  });

  it('raises RuntimeError for a fetch on a closed client, and runs no callback', () => {
    const { client } = clientOn();
    client.close();
    expect(() => client.fetch(`${target.url}/bytes/1`, () => expect.unreachable())).toThrow(RuntimeError);
  });
});

describe('an AsyncHTTPClient left unclosed', () => {
  const fixture = fileURLToPath(new URL('../../test/fixtures/callback-unclosed-client.ts', import.meta.url));

  /** A server that keeps idle connections open for a minute: they must not hold the child. */
  async function keepAliveServer(): Promise<{ url: string; close(): void }> {
    const server = http.createServer((_req, res) => res.end('ok'));
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
      close: () => {
        server.closeAllConnections();
        server.close();
      },
    };
  }

  it.each([
    ['still reachable at exit', [], /WARNING:tornado\.general:Unclosed AsyncHTTPClient at exit/],
    ['garbage-collected', ['drop'], /WARNING:tornado\.general:Unclosed AsyncHTTPClient: garbage-collected without close\(\); closing its 1 idle/],
  ])('does not keep the process alive with its idle connection, and says so when %s', async (_when, args, warning) => {
    const server = await keepAliveServer();
    cleanups.push(server.close);
    const started = performance.now();
    const child = await execa(process.execPath, ['--expose-gc', '--import', 'tsx', fixture, server.url, ...args], {
      reject: false,
      timeout: 15_000,
    });
    expect(child.timedOut, 'the child was still running after 15 s').toBe(false);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(child.stdout).toBe('status 200');
    expect(child.stderr).toMatch(warning);
    expect(child.stderr.match(/Unclosed/g)).toHaveLength(1);
  });
});
