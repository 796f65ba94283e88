/**
 * The `echo-client-vanishes` row: an echo server (a style's, or a real Python system's) under hostile clients while
 * ten well-behaved ones keep echoing. Do the good clients keep being served, every byte right? Does the server
 * survive, log, and give back every connection once the attackers are gone?
 *
 * The attack, all at once and bounded in time:
 * - 20 clients each send half of a 64 KiB message and reset the connection (RST, not FIN);
 * - one client sends 1 MiB and reads the echo back slowly (16 KiB every 20 ms);
 * - 1,000 clients connect, send 10 bytes and stall, never reading, until the attack ends.
 * The server's open file descriptors are counted (Linux /proc) before and after, so a connection it never let go
 * of shows whatever language it is written in.
 */
import { execa, type ResultPromise } from 'execa';
import { readdirSync } from 'node:fs';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { payloadBytes } from '../../scenarios/payload.ts';
import type { RowCommand } from './row.ts';

export const ATTACK = {
  goodClients: 10,
  goodMessageBytes: 4096,
  resetters: 20,
  resetMessageBytes: 64 * 1024,
  slowBytes: 1024 * 1024,
  slowReadBytes: 16 * 1024,
  slowReadEveryMs: 20,
  stallers: 1000,
  attackMs: 1500,
  /** After the attackers have gone, how long the server gets to let their connections go. */
  settleMs: 500,
  startMs: 20_000,
};

export interface EchoAttackRow {
  /** The server was still alive after the attack. */
  processAlive: boolean;
  exitCode?: number | undefined;
  signal?: string | undefined;
  logged: boolean;
  logSummary: string[];
  good: { clients: number; servedDuringAttack: number; messages: number; mismatches: number; errors: number };
  slowReader: { bytesBack: number; correct: boolean; completed: boolean };
  stallersConnected: number;
  /** Server file descriptors open after the attack beyond those open before it (connections not let go). */
  leakedFds: number | null;
  notes: string[];
}

interface RunningServer {
  port: number;
  pid: number | undefined;
  child: ResultPromise;
  stderr: string[];
}

async function startServer(command: RowCommand): Promise<RunningServer> {
  const child = execa(command.file, command.args, { reject: false, stdin: 'pipe', buffer: false, env: command.env, forceKillAfterDelay: 2000 });
  const stderr: string[] = [];
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    for (const line of chunk.split('\n')) if (line !== '' && stderr.length < 200) stderr.push(line);
  });
  const port = await new Promise<number>((resolve, reject) => {
    let partial = '';
    const timer = setTimeout(() => reject(new Error(`no listening line within ${ATTACK.startMs} ms`)), ATTACK.startMs);
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        try {
          const msg = JSON.parse(line) as { event?: string; port?: number };
          if (msg.event === 'listening' && typeof msg.port === 'number') {
            clearTimeout(timer);
            resolve(msg.port);
          }
        } catch {
          // not protocol: ignore
        }
      }
    });
    void child.then((r) => {
      clearTimeout(timer);
      reject(new Error(`the server exited before listening (${r.signal ?? `code ${r.exitCode}`}): ${stderr.slice(-3).join(' / ')}`));
    });
  });
  return { port, pid: child.pid, child, stderr };
}

function fdCount(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return null;
  }
}

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ port, host: '127.0.0.1', noDelay: true });
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}

/** One well-behaved client: echo rounds until `until`, counting messages served while the attack is on. */
async function goodClient(port: number, index: number, attackFrom: number, until: number): Promise<{ messages: number; during: number; mismatches: number; errors: number }> {
  const stats = { messages: 0, during: 0, mismatches: 0, errors: 0 };
  let socket: net.Socket;
  try {
    socket = await connect(port);
  } catch {
    stats.errors++;
    return stats;
  }
  return new Promise((resolve) => {
    let n = 0;
    let expected = payloadBytes(ATTACK.goodMessageBytes, index * 13);
    let got: Buffer[] = [];
    let gotBytes = 0;
    const finish = (): void => {
      socket.destroy();
      resolve(stats);
    };
    const send = (): void => {
      if (performance.now() >= until) return finish();
      expected = payloadBytes(ATTACK.goodMessageBytes, index * 13 + n++);
      got = [];
      gotBytes = 0;
      socket.write(expected);
    };
    socket.on('data', (chunk: Buffer) => {
      got.push(chunk);
      gotBytes += chunk.length;
      if (gotBytes < expected.length) return;
      if (gotBytes > expected.length || !Buffer.concat(got).equals(expected)) stats.mismatches++;
      stats.messages++;
      if (performance.now() >= attackFrom) stats.during++;
      send();
    });
    socket.on('error', () => {
      stats.errors++;
      finish();
    });
    socket.on('close', finish);
    send();
  });
}

async function resetter(port: number): Promise<void> {
  try {
    const s = await connect(port);
    s.write(payloadBytes(ATTACK.resetMessageBytes / 2));
    await new Promise((r) => setTimeout(r, 5));
    s.resetAndDestroy();
  } catch {
    // a refused attacker is not an observation about the server's survival
  }
}

async function slowReader(port: number, deadline: number): Promise<EchoAttackRow['slowReader']> {
  let socket: net.Socket;
  try {
    socket = await connect(port);
  } catch {
    return { bytesBack: 0, correct: false, completed: false };
  }
  const message = payloadBytes(ATTACK.slowBytes, 5);
  return new Promise((resolve) => {
    let back = 0;
    let correct = true;
    socket.pause();
    const timer = setInterval(() => {
      let chunk: Buffer | null;
      let budget = ATTACK.slowReadBytes;
      while (budget > 0 && (chunk = socket.read(Math.min(budget, socket.readableLength || budget)) as Buffer | null) !== null) {
        if (!chunk.equals(message.subarray(back, back + chunk.length))) correct = false;
        back += chunk.length;
        budget -= chunk.length;
      }
      if (back >= message.length || performance.now() > deadline) done();
    }, ATTACK.slowReadEveryMs);
    const done = (): void => {
      clearInterval(timer);
      socket.destroy();
      resolve({ bytesBack: back, correct: correct && back <= message.length, completed: back === message.length });
    };
    socket.on('error', done);
    socket.write(message);
  });
}

async function stallers(port: number, n: number): Promise<net.Socket[]> {
  const sockets: net.Socket[] = [];
  await Promise.all(
    Array.from({ length: n }, async () => {
      try {
        const s = await connect(port);
        s.on('error', () => undefined);
        s.pause();
        s.write('0123456789');
        sockets.push(s);
      } catch {
        // counted by the shortfall in stallersConnected
      }
    }),
  );
  return sockets;
}

export async function runEchoAttack(command: RowCommand): Promise<EchoAttackRow> {
  const notes: string[] = [];
  let server: RunningServer;
  try {
    server = await startServer(command);
  } catch (err) {
    return {
      processAlive: false,
      logged: false,
      logSummary: [],
      good: { clients: ATTACK.goodClients, servedDuringAttack: 0, messages: 0, mismatches: 0, errors: 0 },
      slowReader: { bytesBack: 0, correct: false, completed: false },
      stallersConnected: 0,
      leakedFds: null,
      notes: [(err as Error).message],
    };
  }
  const fdsBefore = fdCount(server.pid);
  const start = performance.now();
  const attackFrom = start + 200;
  const until = attackFrom + ATTACK.attackMs;
  const goods = Array.from({ length: ATTACK.goodClients }, (_, i) => goodClient(server.port, i, attackFrom, until));
  await new Promise((r) => setTimeout(r, attackFrom - performance.now()));
  const stalled = stallers(server.port, ATTACK.stallers);
  const resets = Promise.all(Array.from({ length: ATTACK.resetters }, () => resetter(server.port)));
  const slow = slowReader(server.port, until + 2000);
  const [goodResults, slowResult, stalledSockets] = await Promise.all([Promise.all(goods), slow, stalled, resets]);
  for (const s of stalledSockets) s.destroy();
  await new Promise((r) => setTimeout(r, ATTACK.settleMs));
  const fdsAfter = fdCount(server.pid);
  const exited = server.child.exitCode !== null || server.child.signalCode !== null;
  server.child.stdin!.end();
  const ended = await Promise.race([server.child, new Promise<undefined>((r) => setTimeout(() => r(undefined), 3000))]);
  if (!ended) {
    notes.push('did not stop within 3 s of its stdin closing: killed');
    server.child.kill('SIGKILL');
    await server.child;
  }
  if (stalledSockets.length < ATTACK.stallers) notes.push(`${ATTACK.stallers - stalledSockets.length} of ${ATTACK.stallers} stalling clients could not connect`);
  const good = {
    clients: ATTACK.goodClients,
    servedDuringAttack: goodResults.filter((g) => g.during > 0).length,
    messages: goodResults.reduce((a, g) => a + g.messages, 0),
    mismatches: goodResults.reduce((a, g) => a + g.mismatches, 0),
    errors: goodResults.reduce((a, g) => a + g.errors, 0),
  };
  const result = await server.child;
  return {
    processAlive: !exited,
    ...(exited ? { exitCode: result.exitCode, signal: result.signal } : {}),
    logged: server.stderr.length > 0,
    logSummary: [...new Set(server.stderr)].slice(0, 6),
    good,
    slowReader: slowResult,
    stallersConnected: stalledSockets.length,
    leakedFds: fdsBefore !== null && fdsAfter !== null && !exited ? Math.max(0, fdsAfter - fdsBefore) : null,
    notes,
  };
}
