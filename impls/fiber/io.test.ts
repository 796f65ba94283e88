/**
 * Green I/O on real loopback sockets: Timeout inside a blocked recv, Pool as a concurrency limit, EOF, read
 * backpressure, and StreamServer shutdown.
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { useTargetServer } from '../../test/support.ts';
import { isPayload } from '../../scenarios/payload.ts';
import {
  Hub,
  HttpClientPool,
  Pool,
  StreamServer,
  Timeout,
  createConnection,
  joinall,
  sleep,
  withTimeout,
  type Green,
  type Greenlet,
  type GreenSocket,
} from './index.ts';

const target = useTargetServer();

function runMain<R>(body: () => Green<R>, hub = new Hub()): Promise<Greenlet<R>> {
  return new Promise((resolve) => hub.run(body).rawlink((g) => resolve(g)));
}

function* request(sock: GreenSocket, path: string): Green<void> {
  yield* sock.sendall(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
}

describe('green sockets', () => {
  it('a Timeout interrupts a recv blocked on a server that never answers', async () => {
    const main = await runMain(function* () {
      const sock = yield* createConnection(['127.0.0.1', target.port]);
      try {
        yield* request(sock, '/hang');
        const t = Timeout.startNew(0.03);
        const started = performance.now();
        try {
          yield* sock.recv(1024);
          return { outcome: 'data', ms: 0 };
        } catch (err) {
          return { outcome: err === t ? 'timeout' : String(err), ms: performance.now() - started };
        } finally {
          t.cancel();
        }
      } finally {
        sock.close();
      }
    });
    expect(main.value!.outcome).toBe('timeout');
    expect(main.value!.ms).toBeGreaterThanOrEqual(25);
  });

  it('withTimeout returns the timeout value instead of raising, and the socket is still usable for the late reply', async () => {
    const main = await runMain(function* () {
      const sock = yield* createConnection(['127.0.0.1', target.port]);
      try {
        yield* request(sock, '/delay/60');
        const early = yield* withTimeout(0.01, () => sock.recv(1024), { timeoutValue: 'too early' });
        const late = yield* sock.recv(1024);
        return { early, late: late.toString('latin1') };
      } finally {
        sock.close();
      }
    });
    expect(main.value!.early).toBe('too early');
    expect(main.value!.late).toMatch(/^HTTP\/1\.1 200/);
  });

  it('recv returns an empty buffer at EOF, as Python does', async () => {
    const main = await runMain(function* () {
      const sock = yield* createConnection(['127.0.0.1', target.port]);
      yield* sock.sendall('GET /bytes/10 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      let total = 0;
      for (let i = 0; i < 100; i++) {
        const chunk = yield* sock.recv(4096);
        if (chunk.length === 0) return { total, eof: true };
        total += chunk.length;
      }
      return { total, eof: false };
    });
    expect(main.value!.eof).toBe(true);
    expect(main.value!.total).toBeGreaterThan(10);
  });

  it('createConnection raises the connect error (ECONNREFUSED)', async () => {
    const free = net.createServer();
    await new Promise<void>((r) => free.listen(0, '127.0.0.1', r));
    const { port } = free.address() as net.AddressInfo;
    await new Promise((r) => free.close(r));
    const main = await runMain(function* () {
      try {
        yield* createConnection(['127.0.0.1', port]);
        return 'connected';
      } catch (err) {
        return (err as { code?: string }).code;
      }
    });
    expect(main.value).toBe('ECONNREFUSED');
  });

  it('pauses the Node socket when nobody receives, instead of buffering everything', async () => {
    const main = await runMain(function* () {
      const sock = yield* createConnection(['127.0.0.1', target.port]);
      try {
        yield* request(sock, '/bytes/8000000');
        // Nobody calls recv: once the high-water mark is reached the socket pauses, and the rest of the 8 MB
        // stays in the kernel / the server instead of piling up here.
        for (let i = 0; i < 500 && !sock.raw.isPaused(); i++) yield* sleep(0.01);
        const paused = sock.raw.isPaused();
        yield* sleep(0.05);
        const pausedWith = sock.pending;
        let total = 0;
        for (let i = 0; i < 10_000 && total < 8_000_000; i++) total += (yield* sock.recv(1 << 20)).length;
        return { pausedWith, paused, total };
      } finally {
        sock.close();
      }
    });
    const r = main.value!;
    expect(r.paused).toBe(true);
    expect(r.pausedWith).toBeLessThan(1024 * 1024);
    expect(r.total).toBeGreaterThanOrEqual(8_000_000);
  });
});

describe('Pool', () => {
  it('never runs more than its size at once, and blocks spawn while full', async () => {
    let active = 0;
    let maxActive = 0;
    const client = new HttpClientPool({ concurrency: 3 });
    const main = await runMain(function* () {
      function* fetchOne(n: number): Green<boolean> {
        active++;
        maxActive = Math.max(maxActive, active);
        try {
          const res = yield* client.get(`${target.url}/bytes/${n}`);
          yield* sleep(0.005); // hold the slot a little so the limit is really exercised
          return isPayload(res.body, n);
        } finally {
          active--;
        }
      }
      const pool = new Pool(3);
      const jobs: Array<Greenlet<boolean>> = [];
      let sawFull = false;
      for (let i = 0; i < 12; i++) {
        jobs.push(yield* pool.spawn(fetchOne, 100 + i));
        sawFull ||= pool.full();
      }
      yield* joinall(jobs);
      client.close();
      return { sawFull, ok: jobs.map((g) => g.value) };
    });
    expect(main.value!.ok).toEqual(Array(12).fill(true));
    expect(main.value!.sawFull).toBe(true);
    expect(maxActive).toBe(3);
  });
});

describe('StreamServer', () => {
  it('echoes per connection in its own greenlet, and stop() closes the connections still open', async () => {
    const hub = new Hub();
    let server: StreamServer | undefined;
    const listening = new Promise<StreamServer>((resolve) => {
      hub.run(function* () {
        const s = new StreamServer(['127.0.0.1', 0], function* (sock) {
          for (let i = 0; i < 1000; i++) {
            const data = yield* sock.recv();
            if (data.length === 0) break;
            yield* sock.sendall(data);
          }
          sock.close();
        });
        yield* s.start();
        resolve(s);
        yield* s.serveForever();
      });
    });
    server = await listening;
    const client = net.connect(server.address[1], '127.0.0.1');
    const reply = await new Promise<string>((resolve) => {
      client.on('data', (d) => resolve(d.toString()));
      client.write('hello');
    });
    expect(reply).toBe('hello');
    const closed = new Promise<void>((resolve) => client.on('close', () => resolve()));
    const s = server;
    await new Promise<void>((resolve) => hub.spawn(function* () {
      yield* s.stop({ timeout: 0 });
      resolve();
    }));
    await closed; // the idle connection was closed by stop()
    expect(hub.stats().living).toBe(0);
  });
});
