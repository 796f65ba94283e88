/**
 * Both echo load generators must catch every way an echo server can get it wrong, give the same verdicts, and stay
 * bounded when it hangs. The native generator's own features are tested in native-echo-load.test.ts.
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { ECHO_DEFAULTS, type EchoParams } from '../../scenarios/echo.ts';
import { scriptedTcpServer } from '../../test/support.ts';
import { runEchoLoad, type LoadgenResult } from './echo-load.ts';
import { runNativeEchoLoad } from './native-echo-load.ts';

type Generator = (input: { host: string; port: number; params: EchoParams }) => Promise<LoadgenResult>;
const GENERATORS: [string, Generator][] = [
  ['Node', runEchoLoad],
  ['native', (input) => runNativeEchoLoad(input)],
];

const params = (over: Partial<EchoParams> = {}): EchoParams => ({ ...ECHO_DEFAULTS, connections: 3, size: 4096, durationMs: 150, ...over });

describe.each(GENERATORS)('%s echo load generator', (_name, run) => {
  async function loadAgainst(onData: (socket: net.Socket, data: Buffer) => void, p = params()) {
    const server = await scriptedTcpServer(onData);
    try {
      return await run({ host: '127.0.0.1', port: server.port, params: p });
    } finally {
      await server.close();
    }
  }

  it('counts verified round trips against a correct server', async () => {
    const r = await loadAgainst((s, d) => s.write(d));
    expect(r.messages).toBeGreaterThan(0);
    expect(r.mismatches).toBe(0);
    expect(r.errors).toEqual({});
    expect(r.latency.count).toBe(r.messages);
  });

  it('verifies replies that arrive in many small pieces', async () => {
    const r = await loadAgainst((s, d) => {
      for (let i = 0; i < d.length; i += 100) s.write(d.subarray(i, i + 100));
    });
    expect(r.messages).toBeGreaterThan(0);
    expect(r.mismatches).toBe(0);
  });

  it('catches a corrupted byte', async () => {
    const r = await loadAgainst((s, d) => {
      const copy = Buffer.from(d);
      copy.writeUInt8(copy.readUInt8(copy.length - 1) ^ 0xff, copy.length - 1);
      s.write(copy);
    });
    expect(r.mismatches).toBeGreaterThan(0);
    expect(r.firstProblem).toMatch(/does not match what was sent/);
  });

  it('catches a reply longer than the message', async () => {
    const r = await loadAgainst((s, d) => s.write(Buffer.concat([d, Buffer.from('extra')])));
    expect(r.mismatches).toBeGreaterThan(0);
    expect(r.firstProblem).toMatch(/more than were sent/);
  });

  it('catches a stale reply (the previous message echoed again)', async () => {
    let previous: Buffer | undefined;
    const r = await loadAgainst((s, d) => {
      s.write(previous ?? d);
      previous = Buffer.from(d);
    }, params({ connections: 1 }));
    expect(r.mismatches).toBe(1);
  });

  it('counts a server that closes connections as ECONNRESET', async () => {
    const r = await loadAgainst((s) => s.destroy(), params({ durationMs: 500 }));
    expect(r.messages).toBe(0);
    expect(r.errors['ECONNRESET']).toBe(3);
  });

  it('gives up on a server that never replies, after the deadline and a grace period', async () => {
    const started = performance.now();
    const r = await loadAgainst(() => undefined, params({ durationMs: 50 }));
    expect(r.messages).toBe(0);
    expect(r.errors['STALLED']).toBe(3);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('rejects when nothing listens, without leaving sockets open', async () => {
    const server = await scriptedTcpServer(() => undefined);
    await server.close();
    await expect(run({ host: '127.0.0.1', port: server.port, params: params() })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
