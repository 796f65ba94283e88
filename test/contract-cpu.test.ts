/**
 * The cpu-offload server and the shared-counter race, against every style that has them, through the contract.
 */
import net from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { STYLE_NAMES, type StyleDriver } from '../impls/contract.ts';
import { isStyleAvailable, loadDriver } from '../impls/registry.ts';
import { cpuWork } from '../impls/shared/cpu-work.ts';

const styles = STYLE_NAMES.filter(isStyleAvailable);

/** Sends each request in turn on one connection and collects each reply. */
function exchange(port: number, requests: Buffer[]): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const replies: Buffer[] = [];
    let got: Buffer[] = [];
    let size = 0;
    const size0 = requests[0]!.length;
    socket.on('connect', () => socket.write(requests[0]!));
    socket.on('data', (chunk: Buffer) => {
      got.push(chunk);
      size += chunk.length;
      if (size < size0) return;
      replies.push(Buffer.concat(got));
      got = [];
      size = 0;
      if (replies.length === requests.length) {
        socket.end();
        resolve(replies);
      } else socket.write(requests[replies.length]!);
    });
    socket.on('error', reject);
  });
}

const request = (seed: number): Buffer => {
  const b = Buffer.alloc(64, seed & 0xff);
  b.writeUInt32LE(seed, 0);
  return b;
};

describe.each(styles)('%s', (style) => {
  let driver: StyleDriver;
  beforeAll(async () => {
    driver = await loadDriver(style);
  });

  it.each(['inline', 'offload'] as const)('answers every request after doing its work (%s)', async (mode) => {
    if (!driver.startCpuServer) return; // the style has no cpu server (yet): nothing to hold it to
    const server = await driver.startCpuServer({ host: '127.0.0.1', port: 0, mode, iterations: 20_000, messageBytes: 64, threads: 2 });
    try {
      const requests = [1, 2, 3, 4, 5].map(request);
      const [a, b] = await Promise.all([exchange(server.port, requests), exchange(server.port, requests.map((r) => Buffer.from(r)))]);
      for (const replies of [a!, b!]) replies.forEach((r, i) => expect(r.equals(requests[i]!)).toBe(true));
      expect(server.workDone()).toBe(10);
      if (mode === 'offload') expect(server.executorStats?.().completed).toBe(10);
    } finally {
      await server.close();
    }
  });

  it('loses updates to a shared counter across a switch point, and none under its lock', async () => {
    if (!driver.raceCounter) return;
    const unguarded = await driver.raceCounter({ workers: 10, increments: 20, lock: false });
    expect(unguarded.expected).toBe(200);
    expect(unguarded.final).toBeLessThan(200);
    expect(await driver.raceCounter({ workers: 10, increments: 20, lock: true })).toEqual({ expected: 200, final: 200 });
  });
});

it('does the same work inline and in a worker', () => {
  expect(cpuWork(42, 1000)).toBe(cpuWork(42, 1000));
  expect(cpuWork(42, 1000)).not.toBe(cpuWork(43, 1000));
});
