/**
 * What a task leaves behind when it ends with one of the layer's waits still pending: the JavaScript timeout idiom,
 * `Promise.race([reader.read(n), sleep(s)])`, leaves the loser pending. A task's end must undo such waits, so that
 * no data goes to a promise nobody reads and nothing stays armed (issue #10).
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { CancelledError, Queue, Semaphore, createTask, openConnection, run, sleep, stats, type StreamReader } from './index.ts';

/** A loopback server whose one connection the test writes to by hand. */
async function handWrittenServer(): Promise<{ port: number; connection: Promise<net.Socket>; close: () => Promise<void> }> {
  let accepted!: (socket: net.Socket) => void;
  const connection = new Promise<net.Socket>((resolve) => (accepted = resolve));
  const sockets: net.Socket[] = [];
  const server = net.createServer((socket) => {
    sockets.push(socket);
    accepted(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    connection,
    close: async () => {
      sockets.forEach((s) => s.destroy());
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Waits (up to 2 s) until `reader` has `n` bytes buffered, without taking them; says whether it got there. */
async function bufferedAtLeast(reader: StreamReader, n: number): Promise<boolean> {
  for (let i = 0; i < 400 && reader.buffered < n; i++) await sleep(0.005);
  return reader.buffered >= n;
}

/** What a promise has come to within 1 s, on a plain timer (not the layer's). */
function settledWithinASecond(promise: Promise<unknown>): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const pending = new Promise((resolve) => (timer = setTimeout(resolve, 1000, 'still pending')));
  return Promise.race([promise.then((value) => ({ value }), (error: unknown) => ({ error })), pending]).finally(() => clearTimeout(timer));
}

/** Runs `body` in a run() with a connection to a hand-written server: `peer` is the server's end of it. */
async function withConnection(body: (conn: { reader: StreamReader; peer: net.Socket }) => Promise<void>): Promise<void> {
  const server = await handWrittenServer();
  try {
    await run(async () => {
      const { reader, writer } = await openConnection('127.0.0.1', server.port);
      try {
        await body({ reader, peer: await server.connection });
      } finally {
        writer.close();
      }
    });
  } finally {
    await server.close();
  }
}

describe('a task that ends with a library await still pending', () => {
  it('leaves no read armed: the next chunk stays in the buffer for the next reader', async () => {
    await withConnection(async ({ reader, peer }) => {
      const loser = createTask(async () => {
        const winner = await Promise.race([reader.read(100), sleep(0.01, 'timed out')]);
        return winner;
      });
      expect(await loser).toBe('timed out');
      peer.write('first');
      expect(await bufferedAtLeast(reader, 5)).toBe(true);
      expect((await reader.read(100)).toString()).toBe('first');
    });
  });

  it('leaves no timer armed (the losing sleep of a race is cleared)', async () => {
    await withConnection(async ({ reader, peer }) => {
      const timersBefore = stats().timers;
      const winner = createTask(() => Promise.race([reader.read(100), sleep(60)]));
      await sleep(0.01);
      peer.write('data');
      expect((await winner as Buffer).toString()).toBe('data');
      expect(stats().timers).toBe(timersBefore);
    });
  });

  it('leaves no place in a queue: an item put later goes to the next getter, and a semaphore slot to the next acquirer', async () => {
    await run(async () => {
      const queue = new Queue<string>();
      const slots = new Semaphore(0);
      const loser = createTask(() => Promise.race([queue.get(), slots.acquire(), sleep(0.01, 'timed out')]));
      expect(await loser).toBe('timed out');
      queue.putNowait('item');
      expect(queue.qsize()).toBe(1);
      expect(await queue.get()).toBe('item');
      slots.release();
      expect(slots.locked()).toBe(false);
      expect(await slots.acquire()).toBe(true);
    });
  });

  it('rejects the abandoned wait with CancelledError for whoever still holds it, and counts no unhandled rejection', async () => {
    await run(async () => {
      const queue = new Queue<string>();
      let abandoned!: Promise<string>;
      await createTask(async () => {
        abandoned = queue.get();
      });
      expect(await settledWithinASecond(abandoned)).toEqual({ error: expect.any(CancelledError) });
      expect(stats()).toMatchObject({ living: 1, runnable: 1 });
    });
  });
});
