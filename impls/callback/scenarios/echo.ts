/**
 * The echo server as Tornado callback code: a TCPServer whose handleStream reads whatever is available (up to 64 KiB)
 * and writes it back, re-arming the read from inside its own callback until the stream closes.
 */
import type net from 'node:net';
import type { IOStream } from '../iostream.ts';
import { TCPServer } from '../tcpserver.ts';

const READ_SIZE = 65_536;
const PARTIAL = { partial: true };

export class EchoServer extends TCPServer {
  private readonly streams = new Set<IOStream>();

  override handleStream(stream: IOStream, _address: net.AddressInfo | null): void {
    stream.setNodelay(true); // as the raw baseline does; small echoes must not wait for Nagle
    this.streams.add(stream);
    stream.setCloseCallback(() => this.streams.delete(stream));

    function onRead(data: Buffer): void {
      // The peer may have gone between this chunk arriving and this callback running.
      if (stream.closed()) return;
      stream.write(data);
      stream.readBytes(READ_SIZE, onRead, PARTIAL);
    }
    stream.readBytes(READ_SIZE, onRead, PARTIAL);
  }

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
