/**
 * The native echo load generator's own features: real servers, write patterns, open loop's arithmetic, thousands
 * of connections, its limits and its failures. The verdicts it shares with the Node generator are in
 * echo-load.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EchoServerHandle } from '../../impls/contract.ts';
import { loadDriver } from '../../impls/registry.ts';
import { ECHO_DEFAULTS, type EchoParams } from '../../scenarios/echo.ts';
import { freePort, scriptedTcpServer } from '../../test/support.ts';
import { describeEchoGenerator, runEchoTrial } from './echo-generator.ts';
import { NATIVE_ECHO_LOAD, nativeEchoLoadStatus, runNative, runNativeEchoLoad } from './native-echo-load.ts';

const params = (over: Partial<EchoParams> = {}): EchoParams => ({ ...ECHO_DEFAULTS, connections: 4, size: 1024, durationMs: 200, ...over });

const scratch = mkdtempSync(path.join(os.tmpdir(), 'echoload-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** An executable shell script that runs echoload under the file-descriptor limits `ulimit` sets. */
function echoloadUnder(ulimit: string): string {
  const file = path.join(scratch, `echoload-${ulimit.replace(/\W+/g, '_')}.sh`);
  writeFileSync(file, `#!/bin/sh\nulimit ${ulimit} || exit 99\nexec '${NATIVE_ECHO_LOAD.binary}' "$@"\n`);
  chmodSync(file, 0o755);
  return file;
}

it('is built by npm ci (else every echo trial falls back to the slower Node generator)', () => {
  expect(nativeEchoLoadStatus(), 'run `npm run install` with a C compiler on PATH').toEqual({ ok: true });
  expect(describeEchoGenerator().kind).toBe('native');
});

describe('against the raw style echo server', () => {
  let server: EchoServerHandle;
  beforeAll(async () => {
    server = await (await loadDriver('raw')).startEchoServer({ host: '127.0.0.1', port: 0 });
  });
  afterAll(() => server.close());
  const load = (p: EchoParams, options = {}) => runNativeEchoLoad({ host: '127.0.0.1', port: server.port, params: p, options });

  it.each([
    ['1 KiB in one write', 1024, {}],
    ['100 KiB in one write', 100 * 1024, {}],
    ['100 KiB in 16 KiB writes, read 1,000 bytes at a time', 100 * 1024, { writeChunkBytes: 16 * 1024, readBufferBytes: 1000 }],
  ])('verifies every byte: %s', async (_label, size, options) => {
    const r = await load(params({ size }), options);
    expect(r.messages).toBeGreaterThan(0);
    expect(r.mismatches).toBe(0);
    expect(r.errors).toEqual({});
    expect(r.latency.count).toBe(r.messages);
    expect(r.generator.kind).toBe('native');
    expect(r.pattern).toEqual({ writeChunkBytes: 0, readBufferBytes: 64 * 1024, ...options });
    // The pattern really was used: at least this many writes and reads a message (the last one may be partial).
    const pattern = { writeChunkBytes: size, readBufferBytes: 64 * 1024, ...options };
    expect(r.syscalls!.writes).toBeGreaterThanOrEqual(r.messages * Math.ceil(size / pattern.writeChunkBytes));
    expect(r.syscalls!.reads).toBeGreaterThanOrEqual(r.messages * Math.ceil(size / pattern.readBufferBytes));
    expect(r.loadgen.cpuUserMs + r.loadgen.cpuSystemMs).toBeGreaterThan(0);
  });

  it('stops at maxMessagesPerConnection', async () => {
    const r = await load(params({ connections: 3, maxMessagesPerConnection: 7, durationMs: 10_000 }));
    expect(r.messages).toBe(21);
    expect(r.elapsedMs).toBeLessThan(5000);
  });

  it('drives 2,000 connections, every one of them to at least one verified reply', async () => {
    const r = await load(params({ connections: 2000, durationMs: 300 }));
    expect(r.errors).toEqual({});
    expect(r.mismatches).toBe(0);
    expect(r.messages).toBeGreaterThanOrEqual(2000);
  });

  it('keeps an open-loop schedule: every slot before the deadline sent and verified, or dropped', async () => {
    const r = await load(params({ connections: 4, durationMs: 500 }), { openLoopRate: 400 });
    expect(r.openLoop).toMatchObject({ rate: 400, scheduled: 200 });
    // Every slot is accounted for, sent or dropped. How many drop depends on how often a loaded machine deschedules
    // the generator near the deadline, so only "most were sent" is asserted, not a count.
    expect(r.messages + r.openLoop!.dropped).toBe(200);
    expect(r.messages).toBeGreaterThan(100);
    expect(r.openLoop!.uncorrected.count).toBe(r.messages);
    expect(r.latency.count).toBe(r.messages);
  });
});

describe('open loop against a server that stalls once', () => {
  // The shared test machine deschedules a process for up to ~100 ms now and then, which makes the generator itself
  // late. So each assertion is a bound the stall alone guarantees, or a median that a few hiccups cannot move.
  const SLOT_MS = 10; // 100 messages a second on one connection: 200 slots in 2 s
  const STALL_AT = 10; // the message held back (0-based): its slot is at 100 ms
  const TIMER_SLACK_MS = 5; // Node's timers count from the loop's cached clock, so they may fire a little early

  /** Echoes at once, except that it holds message STALL_AT back for stallMs (one connection, one message in flight). */
  function stallingOnce(stallMs: number) {
    let received = 0;
    let held: Buffer[] | undefined;
    return scriptedTcpServer((socket: net.Socket, data: Buffer) => {
      if (held) return void held.push(data);
      received += data.length;
      if (received <= STALL_AT * 1024 || received - data.length > STALL_AT * 1024) return void socket.write(data);
      held = [data];
      setTimeout(() => {
        for (const d of held!) socket.write(d);
        held = undefined;
      }, stallMs);
    });
  }

  /** One trial; with one connection, samples come in message order, two a message: from its slot, from its send. */
  async function runWithStall(stallMs: number) {
    const server = await stallingOnce(stallMs);
    try {
      const input = { host: '127.0.0.1', port: server.port, params: params({ connections: 1, durationMs: 2000 }), options: { openLoopRate: 1000 / SLOT_MS } };
      const { summary, samples } = await runNative(input);
      const ms = (parity: number) => Array.from(samples.filter((_, i) => i % 2 === parity), (us) => us / 1000);
      return { ...summary, corrected: ms(0), uncorrected: ms(1) };
    } finally {
      await server.close();
    }
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

  it('sends late what the stall held up; only the corrected latencies carry the wait, and they grow with it', async () => {
    const medians: number[] = [];
    for (const stallMs of [400, 1200]) {
      const r = await runWithStall(stallMs);
      expect(r.errors).toEqual({});
      expect(r.mismatches).toBe(0);
      // Every slot before the deadline was either sent and verified, or dropped (by a hiccup at the very end).
      expect(r.openLoop!.scheduled).toBe(200);
      expect(r.messages + r.openLoop!.dropped).toBe(200);
      // The held message waited the stall by either clock.
      expect(r.uncorrected[STALL_AT]).toBeGreaterThanOrEqual(stallMs - TIMER_SLACK_MS);
      expect(r.corrected[STALL_AT]).toBeGreaterThanOrEqual(stallMs - TIMER_SLACK_MS);
      // Each slot that came during the stall sent its message late, once the held reply was in; by its slot's
      // clock it waited at least the rest of the stall, by its own send's clock next to nothing.
      const behind = stallMs / SLOT_MS - 1;
      expect(r.openLoop!.late).toBeGreaterThanOrEqual(behind);
      for (let j = 1; j <= behind; j++) expect(r.corrected[STALL_AT + j]).toBeGreaterThanOrEqual(stallMs - j * SLOT_MS - TIMER_SLACK_MS);
      const held = { from: STALL_AT + 1, to: STALL_AT + 1 + behind };
      medians.push(median(r.corrected.slice(held.from, held.to)));
      expect(median(r.uncorrected.slice(held.from, held.to))).toBeLessThan(stallMs / 8);
    }
    // Three times the stall, three times the corrected wait of the messages behind it (about S/2: 200 ms, 600 ms).
    expect(medians[1]! - medians[0]!).toBeGreaterThan(300);
  });
});

describe('open loop against a server that sends more than it got', () => {
  it('counts bytes that come while nothing is in flight as a reply longer than the message', async () => {
    // The extra bytes follow the echo by a millisecond; the next slot is 100 ms away, so the connection is idle.
    const server = await scriptedTcpServer((s, d) => {
      s.write(d);
      setTimeout(() => s.write('extra'), 1);
    });
    try {
      const input = { host: '127.0.0.1', port: server.port, params: params({ connections: 1, durationMs: 500 }), options: { openLoopRate: 10 } };
      const r = await runNativeEchoLoad(input);
      expect(r.mismatches).toBe(1);
      expect(r.messages).toBe(1);
      expect(r.firstProblem).toBe('connection 0: 5 bytes more than were sent');
    } finally {
      await server.close();
    }
  });
});

describe('file descriptors', () => {
  it('raises its soft limit up to the hard limit when the connections need it', async () => {
    const server = await scriptedTcpServer((s, d) => s.write(d));
    try {
      const r = await runNative({ host: '127.0.0.1', port: server.port, params: params({ connections: 100 }) }, echoloadUnder('-Sn 64'));
      expect(r.summary.fdLimit).toMatchObject({ soft: 64, raised: true });
      expect(r.summary.messages).toBeGreaterThanOrEqual(100);
    } finally {
      await server.close();
    }
  });

  it('says so, before connecting anything, when the hard limit is too low', async () => {
    const input = { host: '127.0.0.1', port: await freePort(), params: params({ connections: 100 }) };
    await expect(runNative(input, echoloadUnder('-n 64'))).rejects.toMatchObject({ code: 'EMFILE', message: expect.stringMatching(/hard limit is 64/) });
  });
});

describe('bad input', () => {
  it.each([
    [['--port', '1', '--connections', '1', '--size', '0', '--duration-ms', '10'], /--size must be from 1/],
    [['--port', '1', '--connections', 'ten', '--size', '1', '--duration-ms', '10'], /--connections takes a whole number/],
    [['--port', '1', '--connections', '1', '--size', '1'], /are required/],
    [['--port', '1', '--connections', '1', '--size', '1', '--duration-ms', '10', '--host', '10.1.2.3'], /loopback/],
    [['--port', '1', '--connections', '1', '--size', '1', '--duration-ms', '10', '--rate', '-5'], /--rate/],
    [['--frobnicate', '1'], /unknown option '--frobnicate'/],
  ])('refuses %j with a message and exit status 2', (args, message) => {
    const r = spawnSync(NATIVE_ECHO_LOAD.binary, args, { encoding: 'utf8', timeout: 5000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('turns bad parameters into a rejection carrying the message', async () => {
    const input = { host: '127.0.0.1', port: await freePort(), params: params({ size: 1.5 }) };
    await expect(runNativeEchoLoad(input)).rejects.toThrow(/--size takes a whole number, not '1.5'/);
  });
});

describe('without the native generator', () => {
  const missing = path.join(scratch, 'no-such-echoload');

  it('falls back to the Node generator and says why in the result', async () => {
    const server = await scriptedTcpServer((s, d) => s.write(d));
    try {
      const r = await runEchoTrial({ host: '127.0.0.1', port: server.port, params: params() }, missing);
      expect(r.generator.kind).toBe('node');
      expect(r.generator.detail).toMatch(/no-such-echoload is not built/);
      expect(r.messages).toBeGreaterThan(0);
      expect(r.mismatches).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('refuses what only the native generator can do rather than measure something else', async () => {
    const input = { host: '127.0.0.1', port: 1, params: params(), options: { openLoopRate: 100, writeChunkBytes: 4096 } };
    await expect(runEchoTrial(input, missing)).rejects.toThrow(/open loop \(openLoopRate\), writes in pieces \(writeChunkBytes\) needs the native/);
  });

  it('treats a binary older than its source as unusable', () => {
    const binary = path.join(scratch, 'old-echoload');
    const source = path.join(scratch, 'echoload.c');
    writeFileSync(binary, '');
    writeFileSync(source, '');
    utimesSync(binary, new Date(1_000_000), new Date(1_000_000));
    expect(nativeEchoLoadStatus(binary, source)).toMatchObject({ ok: false, reason: expect.stringMatching(/older than echoload.c/) });
    utimesSync(source, new Date(500_000), new Date(500_000));
    expect(nativeEchoLoadStatus(binary, source)).toEqual({ ok: true });
  });
});
