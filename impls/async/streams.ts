/**
 * Streams over TCP (asyncio.open_connection / start_server, StreamReader / StreamWriter).
 *
 * The reader keeps the socket's chunks as they came (no Buffer.concat per read) and, when a read is already
 * waiting, hands the arriving chunk straight to it; with data buffered, read() resolves without suspending.
 * Like asyncio it stops reading from the socket while more than twice its limit is buffered unread.
 * The writer's write() only buffers (Node's socket queue); drain() is where a writer waits for the peer to catch up.
 */
import net from 'node:net';
import { IncompleteReadError, LimitOverrunError } from './errors.ts';
import { Task, Waiter, callExceptionHandler, currentContext, currentTask, suspend, takePendingCancel } from './task.ts';

const DEFAULT_LIMIT = 64 * 1024;
const EMPTY = Buffer.alloc(0);
const RESOLVED = Promise.resolve();

/**
 * A task waiting for incoming data: woken from the socket's 'data'/'end'/'error' handler; `n` >= 0 makes it a
 * read(n) that takes its bytes there and then, -1 a plain wait for more data.
 */
class DataWaiter extends Waiter<Buffer | undefined> {
  constructor(
    context: ReturnType<typeof currentContext>,
    readonly reader: StreamReader,
    readonly n: number,
  ) {
    super(context);
  }

  protected override abandon(): void {
    this.reader.dropWaiter(this);
  }
}

/**
 * A library await that parks until something calls one of `wakers` (e.g. on close). Cancelling it removes its
 * waker, so a cancelled wait leaves nothing behind in the set.
 */
function untilWoken(wakers: Set<() => void>): Promise<void> {
  return suspend<void>((resolve, reject) => {
    const wake = (): void => resolve();
    wakers.add(wake);
    return (error) => {
      wakers.delete(wake);
      reject(error);
      return true;
    };
  });
}

/** The peer went away while a write was pending (asyncio's ConnectionResetError('Connection lost')). */
export class ConnectionResetError extends Error {
  override name = 'ConnectionResetError';
  readonly code = 'ECONNRESET';
}

export interface StreamOptions {
  /** Buffer limit for readUntil and for pausing the socket (asyncio's `limit`, 64 KiB). */
  limit?: number;
}

export class StreamReader {
  private readonly limit: number;
  private chunks: Buffer[] = [];
  private size = 0;
  private eof = false;
  private failed = false;
  private error: unknown;
  private waiter: DataWaiter | undefined;
  private socket: net.Socket | undefined;
  private paused = false;

  constructor(options: StreamOptions = {}) {
    this.limit = options.limit ?? DEFAULT_LIMIT;
  }

  /** Bytes buffered and not yet read. */
  get buffered(): number {
    return this.size;
  }

  /** True once EOF was received and everything before it has been read. */
  atEof(): boolean {
    return this.eof && this.size === 0;
  }

  /** @internal */
  attach(socket: net.Socket): void {
    this.socket = socket;
  }

  feedData(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (!this.paused && this.socket && this.size > 2 * this.limit) {
      this.paused = true;
      this.socket.pause();
    }
    this.wake();
  }

  feedEof(): void {
    this.eof = true;
    this.wake();
  }

  setException(error: unknown): void {
    this.failed = true;
    this.error = error;
    this.wake();
  }

  /**
   * Up to `n` bytes: what is buffered, else the next chunk to arrive; an empty buffer at EOF.
   * `n` < 0 reads until EOF.
   */
  read(n = -1): Promise<Buffer> {
    if (n < 0) return this.readAll();
    // One context lookup serves both the pending-cancel check and the waiter (see context.ts for what a lookup costs).
    const context = currentContext();
    const pending = context?.takePendingCancel();
    if (pending) return Promise.reject(pending);
    if (this.failed) return Promise.reject(this.error);
    if (n === 0) return Promise.resolve(EMPTY);
    if (this.size > 0) return Promise.resolve(this.take(n));
    if (this.eof) return Promise.resolve(EMPTY);
    this.claimWaiter('read');
    this.resumeIfPaused();
    // Woken inside the socket's 'data'/'end'/'error' handler: the chunk goes to the reader without another hop.
    const waiter = new DataWaiter(context, this, n);
    this.waiter = waiter;
    return waiter.promise as Promise<Buffer>;
  }

  /** @internal A cancelled read or wait stops waiting. */
  dropWaiter(waiter: DataWaiter): void {
    if (this.waiter === waiter) this.waiter = undefined;
  }

  /** Exactly `n` bytes; IncompleteReadError (with what there was) if EOF comes first. */
  async readExactly(n: number): Promise<Buffer> {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`readExactly needs a whole number >= 0, got ${n}`);
    const pending = takePendingCancel();
    if (pending) throw pending;
    for (;;) {
      if (this.failed) throw this.error;
      if (this.size >= n) return this.takeExactly(n);
      if (this.eof) throw new IncompleteReadError(this.takeExactly(this.size), n);
      await this.waitForData('readExactly');
    }
  }

  /**
   * Bytes up to and including `separator`. LimitOverrunError if it is not within the limit;
   * IncompleteReadError (with the rest) if EOF comes first.
   */
  async readUntil(separator: Buffer | string = '\n'): Promise<Buffer> {
    const sep = typeof separator === 'string' ? Buffer.from(separator) : separator;
    if (sep.length === 0) throw new RangeError('the separator must not be empty');
    const pending = takePendingCancel();
    if (pending) throw pending;
    let searchFrom = 0;
    for (;;) {
      if (this.failed) throw this.error;
      if (this.size >= sep.length) {
        const buffered = this.coalesce();
        const at = buffered.indexOf(sep, searchFrom);
        if (at !== -1) {
          if (at + sep.length > this.limit) throw new LimitOverrunError('separator found, but the chunk is longer than the limit', at);
          return this.takeExactly(at + sep.length);
        }
        // The next search only needs to look at the new bytes, plus a separator's length of overlap.
        searchFrom = buffered.length + 1 - sep.length;
        if (searchFrom > this.limit) throw new LimitOverrunError('separator not found, and the chunk exceeds the limit', searchFrom);
      }
      if (this.eof) throw new IncompleteReadError(this.takeExactly(this.size), undefined);
      await this.waitForData('readUntil');
    }
  }

  /** One line including its "\n"; at EOF, whatever is left (possibly empty). */
  async readline(): Promise<Buffer> {
    try {
      return await this.readUntil('\n');
    } catch (err) {
      if (err instanceof IncompleteReadError) return err.partial;
      throw err;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    for (let line = await this.readline(); line.length > 0; line = await this.readline()) yield line;
  }

  private async readAll(): Promise<Buffer> {
    const parts: Buffer[] = [];
    for (let chunk = await this.read(DEFAULT_LIMIT); chunk.length > 0; chunk = await this.read(DEFAULT_LIMIT)) parts.push(chunk);
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }

  private waitForData(caller: string): Promise<void> {
    this.claimWaiter(caller);
    // Waiting means what is buffered is not enough (readExactly past the limit): reading must go on regardless.
    if (this.paused) {
      this.paused = false;
      this.socket?.resume();
    }
    const context = currentContext();
    const pending = context?.takePendingCancel();
    if (pending) return Promise.reject(pending);
    const waiter = new DataWaiter(context, this, -1);
    this.waiter = waiter;
    return waiter.promise as Promise<unknown> as Promise<void>;
  }

  private claimWaiter(caller: string): void {
    if (this.waiter) throw new Error(`${caller}() called while another task is already waiting for incoming data`);
  }

  private wake(): void {
    const waiter = this.waiter;
    if (!waiter) return;
    this.waiter = undefined;
    if (waiter.n < 0) waiter.resume(undefined);
    else if (this.failed) waiter.fail(this.error);
    else waiter.resume(this.size > 0 ? this.take(waiter.n) : EMPTY);
  }

  /** Up to n bytes from the first chunk: a chunk or a view of it, never a copy. */
  private take(n: number): Buffer {
    const first = this.chunks[0]!;
    let out: Buffer;
    if (first.length <= n) {
      this.chunks.shift();
      out = first;
    } else {
      out = first.subarray(0, n);
      this.chunks[0] = first.subarray(n);
    }
    this.size -= out.length;
    this.resumeIfPaused();
    return out;
  }

  /** Exactly n buffered bytes; copies only when they span chunks. */
  private takeExactly(n: number): Buffer {
    if (n === 0) return EMPTY;
    if (this.chunks[0]!.length >= n) return this.take(n);
    const out = Buffer.allocUnsafe(n);
    for (let filled = 0; filled < n; ) {
      const piece = this.take(n - filled);
      piece.copy(out, filled);
      filled += piece.length;
    }
    return out;
  }

  /** Everything buffered as one Buffer (for separator searches). */
  private coalesce(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.size)];
    return this.chunks[0]!;
  }

  private resumeIfPaused(): void {
    if (this.paused && this.size <= this.limit) {
      this.paused = false;
      this.socket?.resume();
    }
  }
}

export class StreamWriter {
  private readonly socket: net.Socket;
  private readonly streamReader: StreamReader;
  private failed = false;
  private error: unknown;
  private closed = false;
  private readonly drainWaiters = new Set<{ resolve: () => void; reject: (error: unknown) => void }>();
  private readonly closeWaiters = new Set<() => void>();

  /** @internal Use openConnection / startServer. */
  constructor(socket: net.Socket, reader: StreamReader) {
    this.socket = socket;
    this.streamReader = reader;
    socket.on('drain', () => this.wakeDrainers());
    socket.on('error', (err) => {
      this.failed = true;
      this.error = err;
      reader.setException(err);
    });
    socket.on('close', () => {
      this.closed = true;
      // A destroyed socket emits no 'end': make sure a pending read learns the connection is gone.
      reader.feedEof();
      this.wakeDrainers();
      for (const wake of this.closeWaiters) wake();
      this.closeWaiters.clear();
    });
  }

  /** The underlying socket (asyncio's transport). */
  get transport(): net.Socket {
    return this.socket;
  }

  get reader(): StreamReader {
    return this.streamReader;
  }

  /** Queues bytes for sending; never blocks. Follow with `await drain()` to respect the peer's pace. */
  write(data: Uint8Array | string): void {
    if (this.isClosing()) return; // as asyncio: writes to a closing transport are dropped
    this.socket.write(data);
  }

  writelines(data: Iterable<Uint8Array | string>): void {
    for (const piece of data) this.write(piece);
  }

  canWriteEof(): boolean {
    return true;
  }

  /** Half-closes: sends FIN after the queued bytes; reading goes on. */
  writeEof(): void {
    this.socket.end();
  }

  isClosing(): boolean {
    return this.socket.destroyed || this.socket.writableEnded;
  }

  /** Waits while the socket's send queue is over its high-water mark. Throws if the connection failed or is gone. */
  drain(): Promise<void> {
    const pending = takePendingCancel();
    if (pending) return Promise.reject(pending);
    if (this.failed) return Promise.reject(this.error);
    if (this.closed) return Promise.reject(new ConnectionResetError('Connection lost'));
    if (!this.socket.writableNeedDrain) return RESOLVED;
    return suspend<void>((resolve, reject) => {
      const waiter = { resolve, reject };
      this.drainWaiters.add(waiter);
      return (error) => {
        this.drainWaiters.delete(waiter);
        reject(error);
        return true;
      };
    });
  }

  /** Flushes what is queued, then closes the connection in both directions. */
  close(): void {
    this.socket.destroySoon();
  }

  /** Closes at once, dropping anything queued. */
  abort(): void {
    this.socket.destroy();
  }

  /**
   * Resolves once the connection is fully closed; like asyncio, throws the error that closed it, if one did (a
   * reset by the peer, a failed write), and not after a close or abort of our own.
   */
  async waitClosed(): Promise<void> {
    if (!this.closed) await untilWoken(this.closeWaiters);
    else {
      const pending = takePendingCancel();
      if (pending) throw pending;
    }
    if (this.failed) throw this.error;
  }

  getExtraInfo(name: 'peername' | 'sockname'): { address?: string; port?: number } {
    return name === 'peername'
      ? { address: this.socket.remoteAddress, port: this.socket.remotePort }
      : { address: this.socket.localAddress, port: this.socket.localPort };
  }

  private wakeDrainers(): void {
    if (this.drainWaiters.size === 0) return;
    const waiters = [...this.drainWaiters];
    this.drainWaiters.clear();
    for (const w of waiters) {
      if (this.failed) w.reject(this.error);
      else if (this.closed) w.reject(new ConnectionResetError('Connection lost'));
      else w.resolve();
    }
  }
}

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

/** Connects to host:port. Cancellable: a cancelled connect destroys the half-open socket. */
export function openConnection(host: string, port: number, options: StreamOptions = {}): Promise<StreamPair> {
  return suspend<StreamPair>((resolve, reject) => {
    // allowHalfOpen: like asyncio's streams, EOF from the peer does not close our sending side.
    const socket = net.connect({ host, port, allowHalfOpen: true });
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
    return (error) => {
      socket.off('connect', onConnect);
      socket.on('error', () => {}); // nothing is listening any more; a late error must not crash the process
      socket.destroy();
      reject(error);
      return true;
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
    const scope = currentTask()?.scope;
    this.server = net.createServer({ allowHalfOpen: true }, (socket) => {
      const { reader, writer } = wrapSocket(socket, options);
      this.writers.add(writer);
      socket.once('close', () => this.writers.delete(writer));
      const task = new Task<void>(() => callback(reader, writer), scope === undefined ? {} : { scope });
      task.addDoneCallback((t) => {
        if (t.cancelled() || !t.peekFailure().failed) return;
        callExceptionHandler({ message: 'Unhandled exception in the client-connected callback', error: t.exception(), future: t });
        writer.abort();
      });
    });
    this.server.on('close', () => {
      this.closed = true;
      for (const wake of this.closeWaiters) wake();
      this.closeWaiters.clear();
    });
  }

  /** @internal */
  listen(host: string, port: number): Promise<void> {
    return suspend<void>((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.off('error', onError);
        resolve();
      });
      return (error) => {
        this.server.off('error', onError);
        this.server.close();
        reject(error);
        return true;
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
