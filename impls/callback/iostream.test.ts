import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { IOLoop } from './ioloop.ts';
import { IOStream, StreamClosedError, type IOStreamOptions } from './iostream.ts';
import { configureLogging, resetLogging, type LogRecord } from './log.ts';
import { TCPServer } from './tcpserver.ts';

/** Small pauses between client writes so they arrive as separate chunks on loopback. */
const GAP_MS = 15;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** A running loop and a connected pair: `stream` wraps the accepted side, `peer` is a plain Node client socket. */
function connectedPair(options: IOStreamOptions = {}): Promise<{ loop: IOLoop; stream: IOStream; peer: net.Socket }> {
  return new Promise((resolve) => {
    const loop = new IOLoop();
    const server = net.createServer({ allowHalfOpen: true }, (socket) => {
      server.close();
      resolve({ loop, stream: new IOStream(socket, { ioLoop: loop, ...options }), peer });
    });
    const peer = new net.Socket();
    server.listen(0, '127.0.0.1', () => peer.connect((server.address() as net.AddressInfo).port, '127.0.0.1'));
    peer.on('error', () => {});
    loop.start();
    cleanups.push(() => {
      peer.destroy();
      server.close();
      if (loop.isRunning()) loop.stop();
    });
  });
}

function sendSlowly(peer: net.Socket, pieces: string[], then?: () => void): void {
  const [first, ...rest] = pieces;
  if (first === undefined) {
    then?.();
    return;
  }
  peer.write(first);
  setTimeout(() => sendSlowly(peer, rest, then), GAP_MS);
}

describe('IOStream reads', () => {
  it('readBytes waits for exactly n bytes across chunks and leaves the rest buffered', async () => {
    expect.assertions(2);
    const { stream, peer } = await connectedPair();
    await new Promise<void>((done) => {
      stream.readBytes(5, (first) => {
        expect(first.toString()).toBe('abcde');
        stream.readBytes(2, (second) => {
          expect(second.toString()).toBe('fg');
          done();
        });
      });
      sendSlowly(peer, ['abc', 'defg']);
    });
  });

  it('readBytes with partial delivers what is there without waiting for n, and never more than n', async () => {
    expect.assertions(3);
    const { stream, peer } = await connectedPair();
    await new Promise<void>((done) => {
      stream.readBytes(100, (data) => {
        expect(data.toString()).toBe('hello');
        peer.write('0123456789');
        setTimeout(() => {
          stream.readBytes(4, (limited) => {
            expect(limited.toString()).toBe('0123');
            stream.readBytes(100, (rest) => {
              expect(rest.toString()).toBe('456789');
              done();
            }, { partial: true });
          }, { partial: true });
        }, GAP_MS);
      }, { partial: true });
      peer.write('hello');
    });
  });

  it('readUntil finds a delimiter split across chunks and keeps what follows it', async () => {
    expect.assertions(2);
    const { stream, peer } = await connectedPair();
    await new Promise<void>((done) => {
      stream.readUntil('\r\n\r\n', (head) => {
        expect(head.toString()).toBe('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
        stream.readUntil('\n', (line) => {
          expect(line.toString()).toBe('tail\n');
          done();
        });
      });
      sendSlowly(peer, ['GET / HTTP/1.1\r', '\nHost: x\r\n\r', '\ntai', 'l\n']);
    });
  });

  it('readUntilClose collects everything until the peer closes, then the close callback runs', async () => {
    expect.assertions(3);
    const { stream, peer } = await connectedPair();
    await new Promise<void>((done) => {
      stream.readUntilClose((data) => {
        expect(data.toString()).toBe('one two three');
        expect(stream.closed()).toBe(true);
      });
      stream.setCloseCallback(() => {
        expect(stream.error).toBeNull();
        done();
      });
      sendSlowly(peer, ['one ', 'two ', 'three'], () => peer.end());
    });
  });

  it('refuses a second read while one is pending', async () => {
    const { stream } = await connectedPair();
    stream.readBytes(10, () => {});
    expect(() => stream.readBytes(1, () => {})).toThrow('Already reading');
  });

  it('runs the close callback once when the peer goes away, drops the pending read, and then refuses reads', async () => {
    expect.assertions(4);
    const { stream, peer } = await connectedPair();
    let reads = 0;
    await new Promise<void>((done) => {
      stream.readBytes(10, () => reads++);
      stream.setCloseCallback(() => {
        expect(stream.closed()).toBe(true);
        expect(reads).toBe(0);
        expect(() => stream.readBytes(10, () => {})).toThrow(StreamClosedError); // 'abc' is buffered, 10 never will be
        setTimeout(done, GAP_MS); // time for a second close callback, if there were one
      });
      peer.write('abc');
      setTimeout(() => peer.destroy(), GAP_MS);
    });
    expect(reads).toBe(0);
  });

  it('reads what came before the peer\'s FIN, then closes once idle; a close callback set late still runs', async () => {
    expect.assertions(2);
    const { stream, peer } = await connectedPair();
    await new Promise<void>((done) => {
      peer.end('leftover');
      setTimeout(() => {
        stream.readBytes(8, (data) => expect(data.toString()).toBe('leftover'));
        stream.setCloseCallback(() => {
          expect(stream.closed()).toBe(true);
          done();
        });
      }, GAP_MS * 2);
    });
  });

  it('closes the stream when a read callback throws; the stream and then the loop log it, as Tornado\'s do', async () => {
    expect.assertions(2);
    const logged: LogRecord[] = [];
    resetLogging(); // an earlier loop's start() set up the default handler
    configureLogging({ handler: (record) => logged.push(record) });
    cleanups.push(resetLogging);
    const { stream, peer } = await connectedPair();
    await new Promise<void>((done) => {
      stream.readBytes(1, function badReader() {
        throw new Error('reader bug');
      });
      stream.setCloseCallback(() => {
        expect(stream.error?.message).toBe('reader bug');
        done();
      });
      peer.write('x');
    });
    expect(logged.map((r) => `${r.name} ${r.message} ${String(r.error)}`)).toEqual([
      'tornado.application Uncaught exception, closing connection. Error: reader bug',
      'tornado.application Exception in callback <function badReader> with 1 argument Error: reader bug',
    ]);
  });

  it('stops reading from the socket at its high-water mark while no read is pending, and resumes for a read', async () => {
    const { stream, peer } = await connectedPair(); // the default mark: 64 KiB
    const sent = Buffer.alloc(8 * 1024 * 1024, 7);
    peer.write(sent);
    await new Promise((r) => setTimeout(r, GAP_MS * 4));
    // Node may hand over a little past the mark before the pause takes effect; nowhere near the 8 MiB sent.
    expect(stream.readBufferSize).toBeGreaterThanOrEqual(64 * 1024);
    expect(stream.readBufferSize).toBeLessThan(1024 * 1024);
    const got = await new Promise<number>((resolve) => {
      let total = 0;
      const next = (data: Buffer): void => {
        total += data.length;
        if (total === sent.length) resolve(total);
        else stream.readBytes(1024 * 1024, next, { partial: true });
      };
      stream.readBytes(1024 * 1024, next, { partial: true });
    });
    expect(got).toBe(sent.length);
  });
});

describe('IOStream writes and connect', () => {
  it('runs the write callback after the data is handed to the kernel, and the peer receives it', async () => {
    expect.assertions(2);
    const { stream, peer } = await connectedPair();
    await new Promise<void>((done) => {
      let received = '';
      peer.on('data', (d: Buffer) => {
        received += d.toString();
        if (received === 'pong') {
          expect(received).toBe('pong');
          done();
        }
      });
      stream.write('pong', () => expect(stream.closed()).toBe(false));
    });
  });

  it('connect() calls back once connected; a refused connect closes the stream with the socket error', async () => {
    expect.assertions(2);
    const loop = new IOLoop();
    loop.start();
    cleanups.push(() => loop.stop());
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const stream = new IOStream(new net.Socket(), { ioLoop: loop });
    await new Promise<void>((done) => {
      stream.connect(port, '127.0.0.1', () => {
        throw new Error('must not connect');
      });
      stream.setCloseCallback(() => {
        expect(stream.closed()).toBe(true);
        expect((stream.error as NodeJS.ErrnoException | null)?.code).toBe('ECONNREFUSED');
        done();
      });
    });
  });
});

describe('TCPServer', () => {
  it('hands each accepted connection to handleStream on the loop', async () => {
    expect.assertions(3);
    const loop = new IOLoop();
    class Greeter extends TCPServer {
      override handleStream(stream: IOStream, address: net.AddressInfo | null): void {
        expect(loop.isRunning()).toBe(true);
        expect(address?.address).toBe('127.0.0.1');
        stream.readUntil('\n', (name) => {
          stream.write(`hello ${name.toString().trim()}\n`, () => stream.close());
        });
      }
    }
    const server = new Greeter({ ioLoop: loop });
    loop.start();
    cleanups.push(() => {
      server.stop();
      loop.stop();
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.listen(0, '127.0.0.1', (err) => (err ? reject(err) : resolve(server.port))),
    );
    const reply = await new Promise<string>((resolve, reject) => {
      const client = net.connect(port, '127.0.0.1', () => client.write('tornado\n'));
      let text = '';
      client.on('data', (d: Buffer) => (text += d.toString()));
      client.on('close', () => resolve(text));
      client.on('error', reject);
    });
    expect(reply).toBe('hello tornado\n');
  });
});
