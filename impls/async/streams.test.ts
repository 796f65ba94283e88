import http from 'node:http';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { useTargetServer } from '../../test/support.ts';
import { isPayload } from '../../scenarios/payload.ts';
import {
  CancelledError,
  ClientSession,
  HttpStatusError,
  IncompleteReadError,
  TimeoutError,
  createTask,
  currentTask,
  gather,
  stats,
  openConnection,
  run,
  sleep,
  startServer,
  waitFor,
} from './index.ts';
import { handleEcho } from './scenarios/echo.ts';

const target = useTargetServer();

describe('streams', () => {
  it('cancel() is delivered at a pending read: the read throws CancelledError and finally runs', async () => {
    await run(async () => {
      const { reader, writer } = await openConnection('127.0.0.1', target.port);
      writer.write(`GET /hang HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      await writer.drain();
      let closedInFinally = false;
      const task = createTask(async () => {
        try {
          await reader.read(1024);
        } finally {
          writer.close();
          closedInFinally = true;
        }
      });
      await sleep(0.02);
      expect(task.done()).toBe(false);
      task.cancel();
      await expect(task).rejects.toBeInstanceOf(CancelledError);
      expect(closedInFinally).toBe(true);
      await writer.waitClosed();
    });
  });

  it('waitClosed() throws the error that closed the connection (a reset by the peer), as asyncio does', async () => {
    await run(async () => {
      let outcome: unknown = 'not yet';
      let onDone!: () => void;
      const done = new Promise<void>((resolve) => (onDone = resolve));
      const server = await startServer(
        async (reader, writer) => {
          try {
            await reader.read(1024); // the first message
            await reader.read(1024).catch(() => undefined); // the reset arrives here
            await writer.waitClosed();
            outcome = 'closed cleanly';
          } catch (err) {
            outcome = err;
          } finally {
            onDone();
          }
        },
        '127.0.0.1',
        0,
      );
      const client = net.connect(server.port, '127.0.0.1');
      await new Promise<void>((resolve) => client.once('connect', resolve));
      client.write('hello');
      await sleep(0.01);
      client.resetAndDestroy();
      await done;
      expect(outcome).toMatchObject({ code: 'ECONNRESET' });
      server.close();
    });
  });

  it('cancel() is delivered at a drain() held up by a peer that does not read', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((s) => {
      s.pause();
      sockets.push(s);
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      await run(async () => {
        const { writer } = await openConnection('127.0.0.1', (silent.address() as net.AddressInfo).port);
        const task = createTask(async () => {
          // Bounded: the peer's and our kernel buffers fill long before this many writes.
          for (let i = 0; i < 1000; i++) {
            writer.write(Buffer.alloc(64 * 1024));
            await writer.drain();
          }
        });
        await sleep(0.05);
        expect(task.done()).toBe(false);
        task.cancel();
        await expect(task).rejects.toBeInstanceOf(CancelledError);
        writer.abort();
      });
    } finally {
      sockets.forEach((s) => s.destroy());
      await new Promise((r) => silent.close(r));
    }
  });

  it('an echo server built on startServer returns every byte, with readExactly and readUntil on the client side', async () => {
    await run(async () => {
      const server = await startServer(handleEcho, '127.0.0.1', 0);
      const { reader, writer } = await openConnection('127.0.0.1', server.port);
      writer.write('hello ');
      writer.write('world\nsecond line\n');
      await writer.drain();
      expect((await reader.readUntil('\n')).toString()).toBe('hello world\n');
      expect((await reader.readline()).toString()).toBe('second line\n');
      const big = Buffer.alloc(300_000, 7);
      const send = createTask(async () => {
        writer.write(big);
        await writer.drain();
      });
      expect((await reader.readExactly(big.length)).equals(big)).toBe(true);
      await send;
      writer.writeEof();
      expect(await reader.read(10)).toHaveLength(0);
      expect(reader.atEof()).toBe(true);
      writer.close();
      server.close();
      await server.waitClosed();
    });
  });

  it('readExactly throws IncompleteReadError with the partial data when EOF comes first', async () => {
    await run(async () => {
      const server = await startServer(async (_reader, writer) => {
        writer.write('abc');
        writer.close();
      }, '127.0.0.1', 0);
      const { reader, writer } = await openConnection('127.0.0.1', server.port);
      const failure = await reader.readExactly(10).catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(IncompleteReadError);
      expect((failure as IncompleteReadError).partial.toString()).toBe('abc');
      writer.close();
      server.close();
      await server.waitClosed();
    });
  });

  it('openConnection to a port nobody listens on fails with ECONNREFUSED', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    await run(async () => {
      await expect(openConnection('127.0.0.1', port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    });
  });
});

describe('HTTP client', () => {
  it('fetches bodies of every size intact', async () => {
    await run(async () => {
      const session = new ClientSession();
      try {
        const sizes = [0, 1, 4096, 200_000];
        const responses = await gather(...sizes.map((n) => createTask(() => session.get(`${target.url}/bytes/${n}`))));
        responses.forEach((r, i) => {
          expect(r.status).toBe(200);
          expect(isPayload(r.body, sizes[i]!)).toBe(true);
        });
        const dripped = await session.get(`${target.url}/drip/5000/20`);
        expect(isPayload(dripped.body, 5000)).toBe(true);
      } finally {
        session.close();
      }
    });
  });

  it('reuses a keep-alive connection for sequential requests', async () => {
    let connections = 0;
    const server = http.createServer((_req, res) => res.end('ok'));
    server.on('connection', () => connections++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/`;
    try {
      await run(async () => {
        const session = new ClientSession();
        for (let i = 0; i < 5; i++) expect((await session.get(url)).text()).toBe('ok');
        session.close();
      });
      expect(connections).toBe(1);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('raises TimeoutError when the per-request deadline passes, and the next request still works', async () => {
    await run(async () => {
      const session = new ClientSession();
      await expect(session.get(`${target.url}/hang`, { timeout: 0.05 })).rejects.toBeInstanceOf(TimeoutError);
      expect((await session.get(`${target.url}/bytes/10`, { timeout: 10 })).status).toBe(200);
      session.close();
    });
  });

  it('raiseForStatus() turns a non-2xx status into HttpStatusError; a truncated body is ECONNRESET', async () => {
    await run(async () => {
      const session = new ClientSession();
      const response = await session.get(`${target.url}/status/503`);
      expect(response.status).toBe(503);
      expect(() => response.raiseForStatus()).toThrow(HttpStatusError);
      await expect(session.get(`${target.url}/reset`)).rejects.toMatchObject({ code: 'ECONNRESET' });
      session.close();
    });
  });

  it('concurrent requests in one task keep separate deadlines: one timing out does not cancel the other', async () => {
    await run(async () => {
      const session = new ClientSession();
      const [hung, slow] = await Promise.allSettled([
        session.get(`${target.url}/hang`, { timeout: 0.02 }),
        session.get(`${target.url}/delay/60`, { timeout: 10 }),
      ]);
      expect(hung.status === 'rejected' && hung.reason).toBeInstanceOf(TimeoutError);
      expect(slow.status === 'fulfilled' && slow.value.text()).toBe('ok');
      session.close();
    });
  });

  it('a per-request deadline times out that request in its own task: TimeoutError there, nothing cancelled, other tasks unaffected', async () => {
    await run(async () => {
      // Deterministic on a loaded machine: only requests to a server that never answers get a short deadline; the
      // ones that must succeed get the session's generous one.
      const session = new ClientSession({ timeout: { total: 10 } });
      const fetchOne = async (path: string, timeout?: number): Promise<string> => {
        try {
          return (await session.get(`${target.url}${path}`, timeout === undefined ? {} : { timeout })).text().slice(0, 2);
        } catch (err) {
          if (!(err instanceof TimeoutError)) throw err;
          // The deadline was withdrawn with the request: the task is not left cancelled and keeps working.
          expect(currentTask()!.cancelling()).toBe(0);
          await sleep(0.005);
          return 'timeout';
        }
      };
      const tasks = [createTask(fetchOne, '/hang', 0.05), createTask(fetchOne, '/bytes/2'), createTask(fetchOne, '/delay/10'), createTask(fetchOne, '/hang', 0.05)];
      await sleep(0.005);
      // The deadline runs in the requesting task (as aiohttp's does), not in a task of its own per request.
      expect(stats().living).toBe(1 + tasks.length - tasks.filter((t) => t.done()).length);
      const results = await gather(...tasks);
      expect(results).toEqual(['timeout', (await session.get(`${target.url}/bytes/2`)).text(), 'ok', 'timeout']);
      expect(stats()).toMatchObject({ living: 1, timers: 0 });
      session.close();
    });
  });

  it('cancelling a task during a request with a deadline propagates CancelledError, not TimeoutError', async () => {
    await run(async () => {
      const session = new ClientSession({ timeout: { total: 5 } });
      let seen: unknown;
      const task = createTask(async () => {
        try {
          await session.get(`${target.url}/hang`);
        } catch (err) {
          seen = err;
          throw err;
        }
      });
      await sleep(0.02);
      task.cancel();
      await expect(task).rejects.toBeInstanceOf(CancelledError);
      expect(seen).toBeInstanceOf(CancelledError);
      expect(seen).not.toBeInstanceOf(TimeoutError);
      expect(task.cancelled()).toBe(true);
      expect(stats().timers).toBe(0);
      session.close();
    });
  });

  it('waitFor around a request cancels it at its pending read', async () => {
    await run(async () => {
      const session = new ClientSession();
      await expect(waitFor(() => session.get(`${target.url}/hang`), 0.03)).rejects.toBeInstanceOf(TimeoutError);
      session.close();
    });
  });
});
