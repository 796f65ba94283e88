/**
 * Each reference echo server, as the harness runs it: a plain Python process, driven by the project's own load
 * generator (every byte verified), then by hostile clients (a reset mid-message, a client that vanishes while the
 * server writes), after which it must still serve, and must not have said a word about it on stderr.
 * Needs the Python systems (npm run references:install); a missing one skips its suite and says why.
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { runEchoLoad } from '../../harness/load/echo-load.ts';
import { ProcProbe } from '../../harness/metrics/proc.ts';
import { echoMessage } from '../../scenarios/echo.ts';
import { payloadBytes } from '../../scenarios/payload.ts';
import { probeReferences, REFERENCES, type ReferenceName } from './references.ts';
import { skipNote, useReference } from './test-support.ts';

const probe = await probeReferences();
const ECHO_REFERENCES = (Object.keys(REFERENCES) as ReferenceName[]).filter((name) => REFERENCES[name].roles.echo);

function load(port: number, size: number) {
  return runEchoLoad({ host: '127.0.0.1', port, params: { connections: 4, size, durationMs: 250, maxMessagesPerConnection: 100_000 } });
}

/** Connects, sends `bytes`, and resolves once the server has echoed something back: it is mid-message now. */
async function midMessage(port: number, bytes: Buffer): Promise<net.Socket> {
  const socket = net.connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('data', () => resolve());
    socket.write(bytes);
  });
  socket.on('error', () => undefined);
  return socket;
}

describe.each(ECHO_REFERENCES)('%s echo', (name) => {
  const availability = probe.references[name].echo!;
  const running = useReference(name, 'echo', availability);

  it.skipIf(!availability.available)(`greets with its system, version and port${skipNote(availability)}`, () => {
    const { greeting } = running();
    expect(greeting).toMatchObject({ event: 'listening', system: REFERENCES[name].system, python: availability.available ? availability.python : '' });
    expect(greeting.port).toBeGreaterThan(0);
  });

  it.skipIf(!availability.available).each([1024, 100 * 1024])(`echoes every byte of %i-byte messages under the load generator${skipNote(availability)}`, async (size) => {
    const { process: child, greeting } = running();
    const probe = new ProcProbe(child.pid!);
    probe.begin();
    const r = await load(greeting.port!, size);
    const cost = probe.end();
    expect(r.messages).toBeGreaterThan(0);
    expect(r.mismatches, r.firstProblem).toBe(0);
    expect(r.errors, r.firstProblem).toEqual({});
    // Measured from outside, as the runner will: the server worked, and holds its interpreter in memory.
    expect(cost.cpuUserMs + cost.cpuSystemMs).toBeGreaterThan(0);
    expect(cost.peakRssMiB).toBeGreaterThan(5);
  });

  it.skipIf(!availability.available)(`survives a reset mid-message and a client that vanishes, quietly${skipNote(availability)}`, async () => {
    const { process: child, greeting } = running();
    const reset = await midMessage(greeting.port!, echoMessage(64 * 1024, 1, 0).subarray(0, 40_000));
    reset.resetAndDestroy();
    const vanished = await midMessage(greeting.port!, payloadBytes(1024 * 1024));
    vanished.destroy(); // closes with the server's writes still arriving: the server's next send meets a reset
    const r = await load(greeting.port!, 10 * 1024);
    expect(r.messages).toBeGreaterThan(0);
    expect(r.mismatches, r.firstProblem).toBe(0);
    expect(r.errors, r.firstProblem).toEqual({});
    expect(child.stderr).toBe('');
  });

  it.skipIf(!availability.available)(`exits 0 when its stdin closes${skipNote(availability)}`, async () => {
    const child = running().process;
    await child.stop(5000);
    expect(child.exit).toBe('exited with code 0');
  });
});
