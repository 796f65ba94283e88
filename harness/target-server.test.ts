import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPayload, payloadBytes } from '../scenarios/payload.ts';
import { LIMITS, startTargetServer, type RunningTarget } from './target-server.ts';

let target: RunningTarget;
beforeAll(async () => {
  target = await startTargetServer();
});
afterAll(() => target.close());

/** Sends a raw GET and collects everything until the server closes or `ms` passes. */
function rawGet(path: string, ms = 1000): Promise<{ text: string; bytes: Buffer; closedByServer: boolean }> {
  return new Promise((resolve) => {
    const socket = net.connect(target.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let closedByServer = false;
    const finish = (): void => resolve({ text: Buffer.concat(chunks).toString('latin1'), bytes: Buffer.concat(chunks), closedByServer });
    const timer = setTimeout(() => {
      socket.destroy();
      finish();
    }, ms);
    socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    socket.on('data', (c) => chunks.push(c));
    socket.on('close', () => {
      closedByServer = true;
      clearTimeout(timer);
      finish();
    });
    socket.on('error', () => undefined);
  });
}

describe('target server', () => {
  it('serves n deterministic bytes at /bytes/:n', async () => {
    const res = await fetch(`${target.url}/bytes/5000`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe('5000');
    expect(isPayload(Buffer.from(await res.arrayBuffer()), 5000)).toBe(true);
  });

  it('keeps connections alive between requests', async () => {
    const res = await fetch(`${target.url}/bytes/1`);
    await res.arrayBuffer();
    expect(res.headers.get('connection')).toBe('keep-alive');
  });

  it('answers /delay/:ms no sooner than asked', async () => {
    const started = performance.now();
    const res = await fetch(`${target.url}/delay/120`);
    expect(await res.text()).toBe('ok');
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
  });

  it('answers /status/:code with that status', async () => {
    for (const code of [200, 404, 500, 503]) expect((await fetch(`${target.url}/status/${code}`)).status).toBe(code);
  });

  it('never answers /hang (the client gives up, not the server)', async () => {
    const { bytes, closedByServer } = await rawGet('/hang', 300);
    expect(bytes.length).toBe(0);
    expect(closedByServer).toBe(false);
  });

  it('promises a body at /reset, sends part of it, then destroys the connection', async () => {
    const { text, bytes, closedByServer } = await rawGet('/reset');
    expect(closedByServer).toBe(true);
    expect(text).toContain(`content-length: ${LIMITS.resetPromised}`);
    const body = bytes.subarray(bytes.indexOf('\r\n\r\n') + 4);
    expect(body.equals(payloadBytes(LIMITS.resetSent))).toBe(true);
  });

  it('drips /drip/:n/:ms in pieces spread over the time asked', async () => {
    const started = performance.now();
    const res = await fetch(`${target.url}/drip/64/160`);
    const body = Buffer.from(await res.arrayBuffer());
    expect(isPayload(body, 64)).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
  });

  it.each([
    ['/bytes/999999999', 'n must be between'],
    ['/bytes/abc', 'n must be a whole number'],
    ['/delay/600000', 'ms must be between'],
    ['/status/99', 'code must be between'],
    ['/drip/10/9999999', 'ms must be between'],
  ])('refuses %s with a 400 that says why', async (path, message) => {
    const res = await fetch(`${target.url}${path}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain(message);
  });

  it('refuses to listen anywhere but loopback', async () => {
    await expect(startTargetServer({ host: '0.0.0.0' })).rejects.toThrow(/loopback only/);
  });
});
