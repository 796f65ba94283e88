/**
 * Streams over TCP (asyncio.open_connection / start_server): a connection is a StreamReader (stream-reader.ts) and a
 * StreamWriter (stream-writer.ts) over one socket.
 */
import net from 'node:net';
import { connectWithCopiedReads, withCopiedReads } from '../shared/static-reads.ts';
import { currentTask } from './current.ts';
import { callExceptionHandler } from './exception-handler.ts';
import { StreamReader, type StreamOptions } from './stream-reader.ts';
import { StreamWriter } from './stream-writer.ts';
import { Task } from './task.ts';
import { suspend, untilWoken } from './waiter.ts';

export { StreamReader, type StreamOptions } from './stream-reader.ts';
export { StreamWriter } from './stream-writer.ts';

export interface StreamPair {
  reader: StreamReader;
  writer: StreamWriter;
}

function wrapSocket(socket: net.Socket, options: StreamOptions): StreamPair {
  socket.setNoDelay(true); // asyncio sets TCP_NODELAY on every TCP transport
  const reader = new StreamReader(options);
  reader.attach(socket);
  const writer = new StreamWriter(socket, reader);
  socket.on('data', (chunk: Buffer) => reader.feedData(chunk));
  socket.on('end', () => reader.feedEof());
  return { reader, writer };
}

/** Connects to host:port. Cancellable: a cancelled (or abandoned) connect destroys the half-open socket. */
export function openConnection(host: string, port: number, options: StreamOptions = {}): Promise<StreamPair> {
  return suspend<StreamPair>((resolve, reject) => {
    // allowHalfOpen: like asyncio's streams, EOF from the peer does not close our sending side.
    const socket = connectWithCopiedReads({ host, port, allowHalfOpen: true });
    const onError = (err: Error): void => {
      socket.off('connect', onConnect);
      reject(err);
    };
    const onConnect = (): void => {
      socket.off('error', onError);
      resolve(wrapSocket(socket, options));
    };
    socket.once('error', onError);
    socket.once('connect', onConnect);
    return () => {
      socket.off('connect', onConnect);
      socket.on('error', () => {}); // nothing is listening any more; a late error must not crash the process
      socket.destroy();
    };
  });
}

export type ClientConnectedCallback = (reader: StreamReader, writer: StreamWriter) => PromiseLike<void> | void;

/** A listening server (asyncio.Server). Each connection runs the callback as its own task. */
export class Server {
  private readonly server: net.Server;
  private readonly writers = new Set<StreamWriter>();
  private closed = false;
  private readonly closeWaiters = new Set<() => void>();

  /** @internal Use startServer. */
  constructor(callback: ClientConnectedCallback, options: StreamOptions) {
    // Connections arrive in Node callbacks, outside any task: their tasks join the run() that started the server.
    const owner = currentTask()?.owner;
    // pauseOnConnect: each connection is handed over before it reads, to read into the process's shared buffer.
    this.server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true }, (accepted) => {
      const socket = withCopiedReads(accepted, { allowHalfOpen: true });
      const { reader, writer } = wrapSocket(socket, options);
      this.writers.add(writer);
      socket.once('close', () => this.writers.delete(writer));
      const task = new Task<void>(() => callback(reader, writer), owner === undefined ? {} : { owner });
      task.addDoneCallback((t) => {
        if (t.cancelled() || !t.peekFailure().failed) return;
        callExceptionHandler({ message: 'Unhandled exception in client connected callback', exception: t.exception(), task: t });
        writer.abort();
      });
    });
    this.server.on('close', () => {
      this.closed = true;
      for (const wake of this.closeWaiters) wake();
      this.closeWaiters.clear();
    });
  }

  /** @internal startServer(). */
  listen(host: string, port: number): Promise<void> {
    return suspend<void>((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.off('error', onError);
        resolve();
      });
      return () => {
        this.server.off('error', onError);
        this.server.close();
      };
    });
  }

  get port(): number {
    const address = this.server.address();
    return address !== null && typeof address === 'object' ? address.port : 0;
  }

  isServing(): boolean {
    return this.server.listening;
  }

  /** Stops accepting connections; open ones carry on (see closeClients / abortClients). */
  close(): void {
    if (this.server.listening) this.server.close();
  }

  /** Closes every open connection after flushing what it has queued. */
  closeClients(): void {
    for (const writer of this.writers) writer.close();
  }

  /** Closes every open connection at once. */
  abortClients(): void {
    for (const writer of this.writers) writer.abort();
  }

  /** Resolves once the server is closed and its last connection is gone. */
  waitClosed(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return untilWoken(this.closeWaiters);
  }

  /** Serves until cancelled, then closes the server. */
  async serveForever(): Promise<never> {
    try {
      await suspend<never>(() => undefined);
    } finally {
      this.close();
    }
    throw new Error('unreachable');
  }
}

/** Listens on host:port (0: any free port) and runs `callback(reader, writer)` as a task per connection. */
export async function startServer(callback: ClientConnectedCallback, host: string, port: number, options: StreamOptions = {}): Promise<Server> {
  const server = new Server(callback, options);
  await server.listen(host, port);
  return server;
}

