/**
 * One behaviour suite, run against every style that has a driver: what the harness relies on from any style.
 */
import net from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { STYLE_NAMES, type StyleDriver } from '../impls/contract.ts';
import { isStyleAvailable, loadDriver } from '../impls/registry.ts';
import { isPayload, payloadBytes } from '../scenarios/payload.ts';
import { countingServer, freePort, useTargetServer } from './support.ts';

const styles = STYLE_NAMES.filter(isStyleAvailable);

const target = useTargetServer();

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
    const results = await driver.urlFetch({ urls, concurrency: 3, timeoutMs: 5000 });
    expect(results.map((r) => r.url)).toEqual(urls);
    results.forEach((r, i) => {
      expect(r.ok, JSON.stringify(r.ok ? r.status : r.error)).toBe(true);
      if (r.ok) {
        expect(r.status).toBe(200);
        expect(isPayload(r.body, sizes[i]!)).toBe(true);
        expect(r.latencyMs).toBeGreaterThan(0);
      }
    });
  });

  it('never has more requests in flight than the concurrency limit, and uses it all', async () => {
    const counter = await countingServer(15);
    try {
      const urls = Array.from({ length: 24 }, (_, i) => `${counter.url}/n${i}`);
      const results = await driver.urlFetch({ urls, concurrency: 4, timeoutMs: 5000 });
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
    const results = await driver.urlFetch({ urls, concurrency: 6, timeoutMs: 400 });
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
