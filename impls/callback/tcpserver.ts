/**
 * Tornado's TCPServer: subclass it, override `handleStream`, `listen`, and the IOLoop hands every accepted connection
 * to `handleStream` as an IOStream. An exception from `handleStream` is logged as Tornado logs it ("Error in
 * connection callback", on tornado.application with the traceback) and the stream is left as it is: open, with
 * whatever reads or callbacks the handler set up before it threw.
 *
 * Node binds asynchronously where Tornado's `listen` binds before returning, so `listen` takes an optional callback
 * (run on the loop) that learns the outcome; `port` is known from then on.
 */
import net from 'node:net';
import { withCopiedReads } from '../shared/static-reads.ts';
import { IOLoop } from './ioloop.ts';
import { IOStream, type IOStreamOptions } from './iostream.ts';
import { appLog } from './log.ts';

export interface TCPServerOptions {
  ioLoop?: IOLoop;
  maxBufferSize?: number;
}

export class TCPServer {
  readonly ioLoop: IOLoop;
  private readonly streamOptions: IOStreamOptions;
  private server: net.Server | null = null;

  constructor(options: TCPServerOptions = {}) {
    this.ioLoop = options.ioLoop ?? IOLoop.current();
    this.streamOptions = { ioLoop: this.ioLoop, maxBufferSize: options.maxBufferSize };
  }

  /** Called on the IOLoop for each new connection. An exception is logged; the stream stays open. */
  handleStream(_stream: IOStream, _address: net.AddressInfo | null): void {
    throw new Error('TCPServer.handleStream must be overridden');
  }

  listen(port: number, host = '', callback?: (error: Error | null) => void): void {
    if (this.server) throw new Error('TCPServer is already listening');
    // Half-open, as Tornado's sockets: a peer's FIN must not end our writing side (see IOStream on end of stream).
    // pauseOnConnect: each connection is handed over before it reads, to read into the process's shared buffer.
    const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true });
    this.server = server;
    server.on('connection', this.onConnection);
    const onError = (err: Error): void => {
      this.server = null;
      if (callback) this.ioLoop.addCallback(callback, err);
    };
    server.once('error', onError);
    server.listen(port, host || undefined, () => {
      server.off('error', onError);
      this.ioLoop.addHandler(server);
      if (callback) this.ioLoop.addCallback(callback, null);
    });
  }

  /** The bound port (after listen succeeded). */
  get port(): number {
    const address = this.server?.address();
    if (!address || typeof address === 'string') throw new Error('TCPServer is not listening');
    return address.port;
  }

  /** Stops accepting. Like Tornado's, it leaves connections already accepted alone. */
  stop(): void {
    const server = this.server;
    if (!server) return;
    this.server = null;
    this.ioLoop.removeHandler(server);
    server.close();
  }

  private readonly onConnection = (accepted: net.Socket): void => {
    const socket = withCopiedReads(accepted, { allowHalfOpen: true }); // see impls/shared/static-reads.ts
    // Wrap at once so bytes arriving before handleStream runs are buffered, not lost.
    const stream = new IOStream(socket, this.streamOptions);
    const address = socket.remoteAddress
      ? { address: socket.remoteAddress, family: socket.remoteFamily ?? '', port: socket.remotePort ?? 0 }
      : null;
    this.ioLoop.addCallback(this.handleConnection, stream, address);
  };

  private readonly handleConnection = (stream: IOStream, address: net.AddressInfo | null): void => {
    try {
      this.handleStream(stream, address);
    } catch (err) {
      appLog.error('Error in connection callback', err);
    }
  };
}
