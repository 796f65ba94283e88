/** Test helpers shared by every suite that needs real servers on loopback. */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { startTargetServer, type RunningTarget } from '../harness/target-server.ts';

/**
 * Starts the fastify target server before the suite and closes it after. The returned object reads through to the
 * running server, so `target.url` can be written where the suite is declared.
 */
export function useTargetServer(): Pick<RunningTarget, 'url' | 'port'> {
  let running: RunningTarget | undefined;
  beforeAll(async () => {
    running = await startTargetServer();
  });
  afterAll(() => running?.close());
  const get = (): RunningTarget => {
    if (!running) throw new Error('the target server is only running inside tests');
    return running;
  };
  return {
    get url() {
      return get().url;
    },
    get port() {
      return get().port;
    },
  };
}

/** A port nothing listens on (it was free a moment ago): for "connection refused". */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

export interface CountingServer {
  url: string;
  /** The most requests it ever had open at once. */
  maxInFlight(): number;
  /** TCP connections accepted: tells keep-alive reuse apart from a connection per request. */
  connections(): number;
  close(): Promise<void>;
}

/** An HTTP server that answers "ok" after `delayMs`, counting concurrency and connections. */
export async function countingServer(delayMs: number): Promise<CountingServer> {
  let inFlight = 0;
  let maxInFlight = 0;
  let connections = 0;
  const server = http.createServer((_req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    setTimeout(() => {
      inFlight--;
      res.end('ok');
    }, delayMs);
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    maxInFlight: () => maxInFlight,
    connections: () => connections,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** True while `pid` runs: a zombie (exited, not yet reaped by whoever inherited it) counts as gone. Linux only. */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Polls `condition` every 20 ms until it holds; false if it still does not after `timeoutMs`. */
export async function eventually(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

export interface ScriptedTcpServer {
  port: number;
  close(): Promise<void>;
}

/** A TCP server whose per-connection behaviour the test decides: for load generators facing good and bad servers. */
export async function scriptedTcpServer(onData: (socket: net.Socket, data: Buffer) => void): Promise<ScriptedTcpServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (d) => onData(socket, d));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
