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

  it('answers /status/:code?delay=ms that much later', async () => {
    const started = performance.now();
    const res = await fetch(`${target.url}/status/500?delay=120&tag=t0`);
    expect(res.status).toBe(500);
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
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
    ['/status/500?delay=600000', 'delay must be between'],
    ['/drip/10/9999999', 'ms must be between'],
  ])('refuses %s with a 400 that says why', async (path, message) => {
    const res = await fetch(`${target.url}${path}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain(message);
  });

  it('counts tagged requests per tag: completed, aborted by the client, reset by the server, still open', async () => {
    const stats = async (tag: string): Promise<unknown> => (await fetch(`${target.url}/stats/${tag}`)).json();
    await fetch(`${target.url}/bytes/10?tag=t1&child=0`).then((r) => r.arrayBuffer());
    await rawGet('/hang?tag=t1&child=1', 100); // the client gives up: aborted
    for (let i = 0; i < 100 && ((await stats('t1')) as { aborted: number }).aborted < 1; i++) await new Promise((r) => setTimeout(r, 10));
    await rawGet('/reset?tag=t1&child=2'); // the server cuts it: reset, not the client's doing
    const hanging = rawGet('/hang?tag=t1&child=3', 1000);
    for (let i = 0; i < 100 && ((await stats('t1')) as { started: number }).started < 4; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await stats('t1')).toMatchObject({ started: 4, completed: 1, aborted: 1, reset: 1, open: 1 });
    await hanging;
    // The server learns of the client's close a moment after it happens: wait for it, within bounds.
    for (let i = 0; i < 100 && ((await stats('t1')) as { open: number }).open > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await stats('t1')).toMatchObject({ aborted: 2, open: 0 });
    expect(await stats('never-seen')).toEqual({ started: 0, completed: 0, aborted: 0, reset: 0, open: 0, requests: [] });
  });

  it('lists its routes at GET /', async () => {
    const text = await (await fetch(`${target.url}/`)).text();
    for (const route of ['/bytes/:n', '/delay/:ms', '/status/:code', '/hang', '/reset', '/drip/:n/:ms', '/stats/:tag']) expect(text).toContain(route);
  });

  it('refuses to listen anywhere but loopback', async () => {
    await expect(startTargetServer({ host: '0.0.0.0' })).rejects.toThrow(/loopback only/);
  });
});
