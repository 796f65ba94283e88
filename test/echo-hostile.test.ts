/**
 * Hostile echo clients against every style's echo server, through the contract (as the harness sees them):
 *
 * - a client that sends everything and then half-closes (FIN) while it is still reading must get every byte back,
 *   then a clean FIN: the server may not drop what it has queued because the peer stopped sending;
 * - a client that sends and never reads must find the server no longer accepting after a bounded amount (the server
 *   applies backpressure instead of buffering without limit), and must get every byte back once it starts reading.
 *
 * Every message is a stretch of the payload pattern placed so that the whole conversation is one run of the pattern:
 * the byte at stream position p is payloadBytes(1, p), so each reply chunk is checked where it lands, with no copy kept.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STYLE_NAMES, type EchoServerHandle } from '../impls/contract.ts';
import { isStyleAvailable, loadDriver } from '../impls/registry.ts';
import { payloadBytes } from '../scenarios/payload.ts';

const styles = STYLE_NAMES.filter(isStyleAvailable);

const KiB = 1024;
const MiB = 1024 * KiB;

/** What came back on one connection: how much, whether every byte was where it belonged, and how it ended. */
interface Received {
  bytes: number;
  intact: boolean;
  /** 'fin' for a clean end of stream from the server, else the socket error's code. */
  ending: string;
}

/** Checks each reply chunk against the pattern at its stream position, keeping nothing but counts. */
function replyChecker(): { onData(chunk: Buffer): void; received(ending: string): Received } {
  let bytes = 0;
  let intact = true;
  return {
    onData(chunk) {
      if (intact && !chunk.equals(payloadBytes(chunk.length, bytes))) intact = false;
      bytes += chunk.length;
    },
    received: (ending) => ({ bytes, intact, ending }),
  };
}

/** Sends `sizes` as consecutive messages at once, half-closes, and reads until the server closes too. */
function halfCloseClient(port: number, sizes: number[]): Promise<Received> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    const check = replyChecker();
    socket.on('data', check.onData);
    socket.on('end', () => resolve(check.received('fin')));
    socket.on('error', (err: NodeJS.ErrnoException) => resolve(check.received(err.code ?? err.message)));
    socket.on('connect', () => {
      let offset = 0;
      for (const size of sizes) {
        socket.write(payloadBytes(size, offset));
        offset += size;
      }
      socket.end(); // FIN after the last byte; the read side stays open
    });
  });
}

const CHUNK = 64 * KiB;
/** No write completing for this long means the server stopped taking bytes (seconds of margin over a busy machine). */
const STALL_MS = 600;

/**
 * Pushes up to `total` bytes without reading, until the server stops taking them (no write handed to the kernel for
 * STALL_MS); then reads, sends the rest, half-closes, and collects every reply. `accepted` is what the kernel had taken
 * when the pushing stalled: at most the socket buffers on both sides plus whatever the server holds itself.
 */
function nonReadingClient(port: number, total: number): Promise<{ accepted: number; received: Received }> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    socket.pause();
    const check = replyChecker();
    let queued = 0;
    let flushed = 0;
    let lastProgress = performance.now();
    let accepted = -1;
    const finish = (ending: string): void => {
      clearInterval(watch);
      resolve({ accepted: accepted < 0 ? flushed : accepted, received: check.received(ending) });
    };
    socket.on('data', check.onData);
    socket.on('end', () => finish('fin'));
    socket.on('error', (err: NodeJS.ErrnoException) => finish(err.code ?? err.message));
    const onFlushed = (n: number) => (): void => {
      flushed += n;
      lastProgress = performance.now();
    };
    /** Queues chunks while the socket takes them; 'drain' brings it back. */
    const pump = (): void => {
      while (queued < total) {
        const n = Math.min(CHUNK, total - queued);
        const more = socket.write(payloadBytes(n, queued), onFlushed(n));
        queued += n;
        if (!more) {
          socket.once('drain', pump);
          return;
        }
      }
      if (accepted >= 0) socket.end();
    };
    const watch = setInterval(() => {
      if (accepted >= 0) return;
      if (flushed < total && performance.now() - lastProgress < STALL_MS) return;
      accepted = flushed;
      socket.resume(); // now read: the server must pick up where it stopped
      if (queued === total) socket.end();
    }, 50);
    socket.on('connect', pump);
  });
}

describe.each(styles)('%s echo server against hostile clients', (style) => {
  let server: EchoServerHandle;
  beforeAll(async () => {
    server = await (await loadDriver(style)).startEchoServer({ host: '127.0.0.1', port: 0 });
  });
  afterAll(() => server?.close());

  it('returns every byte of 60 × 64 KiB to a client that half-closes while reading, then ends cleanly', async () => {
    const sizes = Array.from({ length: 60 }, () => 64 * KiB);
    expect(await halfCloseClient(server.port, sizes)).toEqual({ bytes: 60 * 64 * KiB, intact: true, ending: 'fin' });
  });

  it('returns every byte of 3 × 8 MiB to a client that half-closes while reading, then ends cleanly', async () => {
    const sizes = [8 * MiB, 8 * MiB, 8 * MiB];
    expect(await halfCloseClient(server.port, sizes)).toEqual({ bytes: 24 * MiB, intact: true, ending: 'fin' });
  });

  it('stops taking bytes from a client that does not read, and echoes everything once it does', async () => {
    // Loopback's socket buffers alone take about 10 MiB here (a server that reads nothing: ~4 MiB; a perfect
    // pause/resume echo in plain Node: ~10 MiB). A server that buffers without limit takes all 48 MiB.
    const total = 48 * MiB;
    const { accepted, received } = await nonReadingClient(server.port, total);
    expect(accepted).toBeLessThan(24 * MiB);
    expect(received).toEqual({ bytes: total, intact: true, ending: 'fin' });
  });
});
