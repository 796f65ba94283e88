/**
 * The HTTP service the URL-fetch scenario fetches from (fastify, loopback only).
 *
 *   GET /bytes/:n        n deterministic bytes (scenarios/payload.ts), with Content-Length
 *   GET /delay/:ms       "ok" after ms milliseconds
 *   GET /status/:code    an empty-ish response with that status (200-599); ?delay=ms sends it that much later
 *   GET /hang            never answers (until the server closes)
 *   GET /reset           promises 1000 bytes, sends 100, then destroys the socket
 *   GET /drip/:n/:ms     n deterministic bytes sent in up to 16 pieces spread over ms milliseconds
 *   GET /stats/:tag      per-row counts of requests tagged ?tag=… (harness/target-stats.ts)
 *
 * Parameters outside the bounds below get a 400 with a message saying which bound, so a typo in a benchmark's
 * parameters fails loudly instead of tying up the machine.
 */
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { MAX_PAYLOAD_BYTES, payloadBytes } from '../scenarios/payload.ts';
import { ROUTES } from './target-routes.ts';
import { installTagCounters } from './target-stats.ts';

export { ROUTES };

export const LIMITS = {
  maxBytes: MAX_PAYLOAD_BYTES,
  maxDelayMs: 60_000,
  maxDripBytes: 1024 * 1024,
  dripPieces: 16,
  resetPromised: 1000,
  resetSent: 100,
} as const;

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

function badRequest(reply: FastifyReply, message: string): FastifyReply {
  return reply.code(400).type('application/json').send({ error: message });
}

/** Parses a path parameter as an integer in [min, max]; returns an error message otherwise. */
function intParam(raw: string, name: string, min: number, max: number): number | string {
  if (!/^\d+$/.test(raw)) return `${name} must be a whole number, got ${JSON.stringify(raw)}`;
  const value = Number(raw);
  if (value < min || value > max) return `${name} must be between ${min} and ${max}, got ${value}`;
  return value;
}

export function buildTargetServer(): FastifyInstance {
  // forceCloseConnections: close() must not wait for /hang requests or idle keep-alive sockets.
  const app = Fastify({ logger: false, forceCloseConnections: true, keepAliveTimeout: 60_000 });
  const pendingTimers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void): void => {
    const t = setTimeout(() => {
      pendingTimers.delete(t);
      fn();
    }, ms);
    pendingTimers.add(t);
  };
  installTagCounters(app);
  app.addHook('onClose', async () => {
    for (const t of pendingTimers) clearTimeout(t);
    pendingTimers.clear();
  });

  app.get<{ Params: { n: string } }>('/bytes/:n', async (req, reply) => {
    const n = intParam(req.params.n, 'n', 0, LIMITS.maxBytes);
    if (typeof n === 'string') return badRequest(reply, n);
    return reply.type('application/octet-stream').send(payloadBytes(n));
  });

  app.get<{ Params: { ms: string } }>('/delay/:ms', (req, reply) => {
    const ms = intParam(req.params.ms, 'ms', 0, LIMITS.maxDelayMs);
    if (typeof ms === 'string') return badRequest(reply, ms);
    later(ms, () => void reply.type('text/plain').send('ok'));
    return reply;
  });

  app.get<{ Params: { code: string }; Querystring: { delay?: string } }>('/status/:code', (req, reply) => {
    const code = intParam(req.params.code, 'code', 200, 599);
    if (typeof code === 'string') return badRequest(reply, code);
    const ms = intParam(req.query.delay ?? '0', 'delay', 0, LIMITS.maxDelayMs);
    if (typeof ms === 'string') return badRequest(reply, ms);
    const send = (): void => void reply.code(code).type('text/plain').send(`status ${code}`);
    if (ms === 0) send();
    else later(ms, send);
    return reply;
  });

  app.get('/hang', (_req, reply) => reply); // returning the reply unsent keeps the request open

  app.get('/', async (_req, reply) =>
    reply.type('text/plain').send(`concurrency-testbed target server (loopback only)\n\n${ROUTES.map((r) => `${r.route.padEnd(20)} ${r.does}`).join('\n')}\n`),
  );

  app.get('/reset', (_req, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': LIMITS.resetPromised });
    // Destroy only after the partial body is flushed, so the client really sees a truncated body.
    res.write(payloadBytes(LIMITS.resetSent), () => res.socket?.destroy());
  });

  app.get<{ Params: { n: string; ms: string } }>('/drip/:n/:ms', (req, reply) => {
    const n = intParam(req.params.n, 'n', 0, LIMITS.maxDripBytes);
    if (typeof n === 'string') return badRequest(reply, n);
    const ms = intParam(req.params.ms, 'ms', 0, LIMITS.maxDelayMs);
    if (typeof ms === 'string') return badRequest(reply, ms);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': n });
    const body = payloadBytes(n);
    const pieces = Math.max(1, Math.min(n, LIMITS.dripPieces));
    const step = Math.ceil(n / pieces);
    let sent = 0;
    const sendNext = (): void => {
      if (res.destroyed) return;
      const end = Math.min(n, sent + step);
      res.write(body.subarray(sent, end));
      sent = end;
      if (sent >= n) res.end();
      else later(ms / pieces, sendNext);
    };
    later(ms / pieces, sendNext);
  });

  return app;
}

export interface RunningTarget {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:43210 */
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startTargetServer(options: { host?: string; port?: number } = {}): Promise<RunningTarget> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new Error(`the target server listens on loopback only, not ${host}`);
  const app = buildTargetServer();
  await app.listen({ host, port: options.port ?? 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('target server has no TCP address');
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { url: `http://${urlHost}:${address.port}`, port: address.port, close: () => app.close() };
}
