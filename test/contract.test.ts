/**
 * One behaviour suite, run against every style that has a driver: what the harness relies on from any style.
 */
import net from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { STYLE_NAMES, type StyleDriver, type UrlFetchJob } from '../impls/contract.ts';
import { isStyleAvailable, loadDriver } from '../impls/registry.ts';
import { isPayload, payloadBytes } from '../scenarios/payload.ts';
import { countingServer, freePort, useTargetServer } from './support.ts';

const styles = STYLE_NAMES.filter(isStyleAvailable);

const target = useTargetServer();

/** A job whose body check accepts whatever the harness would; `seen` records each check as it happens. */
function job(urls: string[], concurrency: number, timeoutMs: number, expect: (i: number) => number = () => -1): UrlFetchJob & { seen: string[] } {
  const fetchJob = {
    urls,
    concurrency,
    timeoutMs,
    seen: [] as string[],
    checkBody: (i: number, body: Buffer): boolean => {
      fetchJob.seen.push(`checked ${i}`);
      const size = expect(i);
      return size < 0 || isPayload(body, size);
    },
  };
  return fetchJob;
}

function echoRoundTrip(port: number, messages: Buffer[]): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const replies: Buffer[] = [];
    let pending: Buffer[] = [];
    let got = 0;
    let index = 0;
    const sendNext = (): void => {
      if (index === messages.length) {
        socket.end();
        resolve(replies);
        return;
      }
      socket.write(messages[index]!);
    };
    socket.on('connect', sendNext);
    socket.on('data', (chunk: Buffer) => {
      pending.push(chunk);
      got += chunk.length;
      const want = messages[index]!.length;
      if (got >= want) {
        replies.push(Buffer.concat(pending));
        pending = [];
        got = 0;
        index++;
        sendNext();
      }
    });
    socket.on('error', reject);
  });
}

describe.each(styles)('%s driver', (style) => {
  let driver: StyleDriver;
  beforeAll(async () => {
    driver = await loadDriver(style);
  });

  it('fetches every URL with verified bodies, in the order given', async () => {
    const sizes = [0, 1, 1000, 65_536, 300_000, 7];
    const urls = sizes.map((n) => `${target.url}/bytes/${n}`);
    const results = await driver.urlFetch(job(urls, 3, 5000, (i) => sizes[i]!));
    expect(results.map((r) => r.url)).toEqual(urls);
    results.forEach((r, i) => {
      expect(r.ok, JSON.stringify(r.ok ? r.status : r.error)).toBe(true);
      if (r.ok) {
        expect(r.status).toBe(200);
        expect(r.bodyBytes).toBe(sizes[i]);
        expect(r.bodyMatches).toBe(true);
        expect(r.latencyMs).toBeGreaterThan(0);
      }
    });
  });

  it('reports what the body check said of each body, and never keeps a body in its outcome', async () => {
    const urls = [`${target.url}/bytes/10`, `${target.url}/bytes/20`];
    const results = await driver.urlFetch(job(urls, 2, 5000, () => 10)); // the check expects 10 bytes everywhere
    expect(results.map((r) => r.ok && r.bodyMatches)).toEqual([true, false]);
    for (const r of results) expect(Object.values(r).some((v) => Buffer.isBuffer(v))).toBe(false);
  });

  it('checks each body as it arrives, before the last URLs are even requested', async () => {
    const log: string[] = [];
    const server = http.createServer((req, res) => {
      log.push(`request ${req.url!.slice(1)}`);
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
      const fetchJob = job(['0', '1', '2', '3'].map((i) => `${base}/${i}`), 1, 5000);
      fetchJob.seen = log;
      await driver.urlFetch(fetchJob);
      expect(log.filter((l) => l.startsWith('checked'))).toEqual(['checked 0', 'checked 1', 'checked 2', 'checked 3']);
      expect(log.indexOf('checked 0')).toBeLessThan(log.indexOf('request 3'));
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('turns a URL it cannot fetch (https:, malformed) into that URL\'s outcome, and refuses a job off loopback', async () => {
    const urls = ['https://127.0.0.1:1/x', 'http://[not a url', `${target.url}/bytes/3`];
    const results = await driver.urlFetch(job(urls, 2, 2000));
    expect(results.map((r) => r.ok)).toEqual([false, false, true]);
    await expect(driver.urlFetch(job(['http://192.0.2.1/x', `${target.url}/bytes/1`], 1, 500))).rejects.toThrow(/off loopback: http:\/\/192\.0\.2\.1/);
    await expect(driver.startEchoServer({ host: '0.0.0.0', port: 0 })).rejects.toThrow(/off loopback/);
  });

  it('never has more requests in flight than the concurrency limit, and uses it all', async () => {
    const counter = await countingServer(15);
    try {
      const urls = Array.from({ length: 24 }, (_, i) => `${counter.url}/n${i}`);
      const results = await driver.urlFetch(job(urls, 4, 5000));
      expect(results.every((r) => r.ok)).toBe(true);
      expect(counter.maxInFlight()).toBe(4);
    } finally {
      await counter.close();
    }
  });

  it('turns each kind of failure into its stable error code while the other URLs succeed', async () => {
    const refused = `http://127.0.0.1:${await freePort()}/`;
    const urls = [
      `${target.url}/status/500`,
      refused,
      `${target.url}/reset`,
      `${target.url}/hang`,
      `${target.url}/bytes/2048`,
      `${target.url}/status/404`,
    ];
    const results = await driver.urlFetch(job(urls, 6, 400));
    const codes = results.map((r) => (r.ok ? 'ok' : r.error.code));
    expect(codes).toEqual(['HTTP_STATUS', 'ECONNREFUSED', 'ECONNRESET', 'TIMEOUT', 'ok', 'HTTP_STATUS']);
    expect(results[0]!.ok ? 0 : results[0]!.status).toBe(500);
    expect(results[5]!.ok ? 0 : results[5]!.status).toBe(404);
  });

  it('runs an echo server that returns every byte, for small and large messages, then closes', async () => {
    const server = await driver.startEchoServer({ host: '127.0.0.1', port: 0 });
    try {
      const messages = [payloadBytes(1), payloadBytes(1024, 3), payloadBytes(100 * 1024, 7), payloadBytes(10, 9)];
      const [a, b] = await Promise.all([echoRoundTrip(server.port, messages), echoRoundTrip(server.port, messages)]);
      for (const replies of [a!, b!]) {
        expect(replies.map((r) => r.length)).toEqual(messages.map((m) => m.length));
        replies.forEach((r, i) => expect(r.equals(messages[i]!)).toBe(true));
      }
    } finally {
      await server.close();
    }
    await expect(echoRoundTrip(server.port, [payloadBytes(4)])).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
