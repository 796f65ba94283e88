import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { useTargetServer } from '../../test/support.ts';
import { CancelledError, IncompleteReadError, createTask, openConnection, run, sleep, startServer } from './index.ts';
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
