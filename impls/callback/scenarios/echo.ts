/**
 * The echo server as Tornado callback code: a TCPServer whose handleStream reads whatever is available (up to 64 KiB),
 * writes it back, and starts the next read from the write callback, once the write has been handed to the kernel,
 * which is what `yield stream.write(data)` does in a Tornado coroutine.
 *
 * That ordering is the backpressure: a peer that sends without reading fills its socket buffers, our write stops
 * completing, no read is pending, and the stream stops reading at its high-water mark instead of queueing everything
 * in memory. It is also what makes a half-close safe: the stream notices the peer's FIN only when a read finds
 * nothing more, and by then every earlier write has been flushed (see IOStream on end of stream).
 */
import type net from 'node:net';
import type { IOStream } from '../iostream.ts';
import { TCPServer } from '../tcpserver.ts';

const READ_SIZE = 65_536;
const PARTIAL = { partial: true };

export class EchoServer extends TCPServer {
  private readonly streams = new Set<IOStream>();

  // #region echo
  override handleStream(stream: IOStream, _address: net.AddressInfo | null): void {
    stream.setNodelay(true); // as the raw baseline does; small echoes must not wait for Nagle
    this.streams.add(stream);
    stream.setCloseCallback(() => this.streams.delete(stream));

    function readNext(): void {
      // A reset can close the stream between a callback being queued and running; Tornado code catches the
      // StreamClosedError that the next call would raise, this checks first.
      if (!stream.closed()) stream.readBytes(READ_SIZE, echo, PARTIAL);
    }
    function echo(data: Buffer): void {
      if (!stream.closed()) stream.write(data, readNext);
    }
    readNext();
  }
  // #endregion

  /** Stops accepting and closes every open connection. */
  shutdown(): void {
    this.stop();
    for (const stream of this.streams) stream.close();
    this.streams.clear();
  }

  get connectionCount(): number {
    return this.streams.size;
  }
}
