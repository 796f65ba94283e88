/**
 * Tornado 5.1's IOStream (callback flavour) over a net.Socket.
 *
 * Node pushes bytes at us; Tornado pulls them when a read is pending. The bridge: every 'data' chunk goes into the read
 * buffer, and the one pending read (Tornado allows one at a time) is completed from the buffer as soon as it can be.
 * Completions, write callbacks and the close callback all run as IOLoop callbacks, never inside the Node event
 * handler, so user code only ever runs inside a loop turn and under `runCallback`. With no read pending, the socket is
 * paused once the buffer passes a high-water mark: the Node counterpart of Tornado not reading when nobody asked.
 *
 * What Tornado does, and so this does:
 * - **End of stream.** Tornado learns of the peer's FIN only when it reads and gets no bytes, and it reads only for a
 *   pending read the buffer cannot satisfy, or to watch an idle stream (no read, nothing left to write, nothing
 *   buffered, no stream callback waiting to run). Then it closes the stream at once. Node reports the FIN whenever it
 *   comes ('end'); this stream remembers it and closes at the moment Tornado would. So an echo that starts its next
 *   read only in the write callback (`yield stream.write(data)` in coroutine terms) returns every byte to a peer that
 *   half-closes; one that reads while writes are still queued loses them, as in Tornado: the close drops what the
 *   kernel has not taken, and that write's callback never runs. The sockets must allow half-open connections
 *   (TCPServer and the HTTP client create them so), or Node would end the writing side by itself.
 * - **Writes.** `write(data, callback)`: the callback runs once everything written so far has been handed to the
 *   kernel; a write the kernel takes at once gets its callback on the next turn. A callback given while an earlier one
 *   is still waiting replaces it. Writing to a closed stream throws StreamClosedError.
 * - **Reads.** A read the buffer can satisfy completes even after the stream closed; one it cannot throws
 *   StreamClosedError at once on a closed stream. `readUntil` beyond `maxBytes` closes the stream with
 *   UnsatisfiableReadError as its error (the close callback reports it) and returns; it does not throw.
 * - **Callbacks that throw.** The stream logs "Uncaught exception, closing connection.", closes with that error, and
 *   lets the exception go on to the IOLoop, which logs it again as "Exception in callback ...".
 * - **The close callback** runs once, after every stream callback already scheduled has run.
 */
import net from 'node:net';
import { IOLoop, markWrapper, type Callback } from './ioloop.ts';
import { appLog, genLog } from './log.ts';
import { toOSError } from './exceptions.ts';
import { ReadBuffer } from './readbuffer.ts';

export class StreamClosedError extends Error {
  override name = 'StreamClosedError';
  /** The socket error that closed the stream, if it was not a clean close. */
  readonly realError: Error | null;

  constructor(realError: Error | null = null) {
    super(realError ? `Stream is closed: ${realError.message}` : 'Stream is closed');
    this.realError = realError;
  }
}

export class StreamBufferFullError extends Error {
  override name = 'StreamBufferFullError';
}

export class UnsatisfiableReadError extends Error {
  override name = 'UnsatisfiableReadError';
}

export interface IOStreamOptions {
  ioLoop?: IOLoop;
  /** Tornado closes the stream when more than this is buffered (default 100 MiB, as Tornado). */
  maxBufferSize?: number;
  /**
   * With no read pending, stop reading from the socket beyond this many buffered bytes. Default 64 KiB, Tornado's
   * read_chunk_size: Tornado reads nothing while no read is pending, and at most about a chunk ahead.
   */
  readHighWaterMark?: number;
}

type PendingRead =
  | { kind: 'bytes'; n: number; partial: boolean; callback: (data: Buffer) => void }
  | { kind: 'until'; delimiter: Buffer; maxBytes: number; scanned: number; callback: (data: Buffer) => void }
  | { kind: 'untilClose'; callback: (data: Buffer) => void };

export class IOStream {
  readonly socket: net.Socket;
  readonly ioLoop: IOLoop;
  /** Why the stream closed, when it was an error (Tornado's `stream.error`); socket errors carry Python's names. */
  error: Error | null = null;

  private readonly buffer = new ReadBuffer();
  private pendingRead: PendingRead | null = null;
  private closeCallback: Callback | null = null;
  private writeCallback: Callback | null = null;
  private isClosed = false;
  /** The peer sent FIN; the stream closes when Tornado would have noticed (see the header). */
  private eof = false;
  private paused = false;
  /** Stream callbacks queued on the loop but not yet run; the close callback waits for them, as in Tornado. */
  private pendingCallbacks = 0;
  private readonly maxBufferSize: number;
  private readonly readHighWaterMark: number;

  /** `socket` should allow half-open connections (`allowHalfOpen: true`), as Tornado's sockets do. */
  constructor(socket: net.Socket, options: IOStreamOptions = {}) {
    this.socket = socket;
    this.ioLoop = options.ioLoop ?? IOLoop.current();
    this.maxBufferSize = options.maxBufferSize ?? 100 * 1024 * 1024;
    this.readHighWaterMark = options.readHighWaterMark ?? 64 * 1024;
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
    if (socket.destroyed) this.isClosed = true;
    else this.ioLoop.addHandler(this);
  }

  /** Connects an unconnected socket; `callback` runs once connected. On failure the close callback runs instead. */
  connect(port: number, host: string, callback?: () => void): void {
    if (callback) this.socket.once('connect', () => this.runStreamCallback(callback, undefined));
    this.socket.connect(port, host);
  }

  // --- reads ---

  /** Reads exactly `n` bytes, or with `partial` whatever is available (1..n bytes) as soon as anything is. */
  readBytes(n: number, callback: (data: Buffer) => void, options: { partial?: boolean } = {}): void {
    this.startRead({ kind: 'bytes', n, partial: options.partial ?? false, callback });
  }

  /** Reads up to and including `delimiter`; with `maxBytes`, closes the stream if that many bytes hold none. */
  readUntil(delimiter: Buffer | string, callback: (data: Buffer) => void, options: { maxBytes?: number } = {}): void {
    const needle = typeof delimiter === 'string' ? Buffer.from(delimiter) : delimiter;
    this.startRead({ kind: 'until', delimiter: needle, maxBytes: options.maxBytes ?? Infinity, scanned: 0, callback });
  }

  /** Reads everything until the peer closes the stream. */
  readUntilClose(callback: (data: Buffer) => void): void {
    this.startRead({ kind: 'untilClose', callback });
  }

  reading(): boolean {
    return this.pendingRead !== null;
  }

  get readBufferSize(): number {
    return this.buffer.size;
  }

  // --- writes ---

  /**
   * Queues `data`. `callback` runs once everything written so far has been handed to the kernel, replacing a callback
   * still waiting from an earlier write. Throws StreamClosedError on a closed stream.
   */
  write(data: Buffer | string, callback?: () => void): void {
    if (this.isClosed) throw new StreamClosedError(this.error);
    if (callback !== undefined) this.writeCallback = callback;
    this.socket.write(data, this.onWritten);
    // Node tries the write at once, as Tornado's write() does: if the kernel took everything, nothing is pending.
    if (this.socket.writableLength === 0) this.onFlushed();
  }

  /** True while written bytes wait to be handed to the kernel. */
  writing(): boolean {
    return !this.isClosed && this.socket.writableLength > 0;
  }

  setNodelay(value: boolean): void {
    if (!this.isClosed) this.socket.setNoDelay(value);
  }

  // --- closing ---

  setCloseCallback(callback: Callback | null): void {
    this.closeCallback = callback;
    this.maybeRunCloseCallback();
    this.maybeCloseAtEof();
  }

  closed(): boolean {
    return this.isClosed;
  }

  /** Closes the socket at once; bytes not yet handed to the kernel are dropped, as in Tornado. */
  close(error: Error | null = null): void {
    if (this.isClosed) return;
    if (error && !this.error) this.error = error;
    this.isClosed = true;
    this.ioLoop.removeHandler(this);
    // Whatever arrived before the close is what read_until_close was waiting for.
    if (this.pendingRead?.kind === 'untilClose') this.completeRead(this.buffer.size);
    this.writeCallback = null;
    this.socket.destroy();
    this.maybeRunCloseCallback();
  }

  // --- internals ---

  private startRead(read: PendingRead): void {
    if (this.pendingRead !== null) throw new Error('Already reading');
    this.pendingRead = read;
    const size = this.readableSizeOrClose(read);
    if (size >= 0) {
      this.completeRead(size);
      return;
    }
    if (this.pendingRead === null) return; // unsatisfiable: the stream closed itself
    if (this.isClosed) {
      this.pendingRead = null;
      throw new StreamClosedError(this.error);
    }
    if (this.eof) {
      // Tornado's read would get no bytes now: it closes the stream, drops this read, and reports through the close
      // callback, without raising.
      this.close();
      return;
    }
    if (this.paused) {
      this.paused = false;
      this.socket.resume();
    }
  }

  /** How many bytes the read can take from the buffer right now, or -1 if it must wait. */
  private readableSize(read: PendingRead): number {
    const size = this.buffer.size;
    switch (read.kind) {
      case 'bytes':
        if (size >= read.n) return read.n;
        return read.partial && size > 0 ? size : -1;
      case 'until': {
        const at = this.buffer.indexOf(read.delimiter, read.scanned);
        const found = at === -1 ? -1 : at + read.delimiter.length;
        if ((found === -1 ? size : found) > read.maxBytes) {
          throw new UnsatisfiableReadError(`delimiter ${JSON.stringify(read.delimiter.toString('latin1'))} not found within ${read.maxBytes} bytes`);
        }
        if (found !== -1) return found;
        read.scanned = Math.max(0, size - read.delimiter.length + 1);
        return -1;
      }
      case 'untilClose':
        return this.isClosed ? size : -1;
    }
  }

  /** readableSize, except that a read that can never be satisfied closes the stream (and is dropped): -1. */
  private readableSizeOrClose(read: PendingRead): number {
    try {
      return this.readableSize(read);
    } catch (err) {
      if (!(err instanceof UnsatisfiableReadError)) throw err;
      genLog.info(`Unsatisfiable read, closing connection: ${err.message}`);
      this.pendingRead = null;
      this.close(err);
      return -1;
    }
  }

  private completeRead(size: number): void {
    const read = this.pendingRead!;
    this.pendingRead = null;
    this.runStreamCallback(read.callback, this.buffer.take(size));
  }

  private runStreamCallback(callback: Callback, arg: unknown): void {
    this.pendingCallbacks++;
    this.ioLoop.addCallback(this.invoke, callback, arg);
  }

  /**
   * Runs a stream callback. If it throws, the stream is closed (its state can no longer be trusted) and the exception
   * goes on to the IOLoop, which logs it too, as Tornado's IOStream and IOLoop both do.
   */
  private readonly invoke = markWrapper((callback: Callback, arg: unknown): void => {
    this.pendingCallbacks--;
    try {
      if (arg === undefined) callback();
      else callback(arg);
    } catch (err) {
      appLog.error('Uncaught exception, closing connection.', err);
      this.close(err instanceof Error ? err : new Error(String(err)));
      throw err;
    } finally {
      this.maybeRunCloseCallback();
      this.maybeCloseAtEof();
    }
  });

  private maybeRunCloseCallback(): void {
    if (!this.isClosed || this.pendingCallbacks > 0) return;
    // Reads that can never complete are dropped silently; the close callback is how callback code learns of it.
    this.pendingRead = null;
    const callback = this.closeCallback;
    if (callback === null) return;
    this.closeCallback = null;
    this.runStreamCallback(callback, undefined);
  }

  /**
   * After the peer's FIN, closes the stream when Tornado would read and find it: for a read the buffer cannot satisfy
   * (the caller has checked), or once the stream is idle.
   */
  private maybeCloseAtEof(): void {
    if (!this.eof || this.isClosed) return;
    const idle = this.pendingCallbacks === 0 && this.buffer.size === 0 && this.socket.writableLength === 0;
    if (this.pendingRead !== null || idle) this.close();
  }

  private readonly onData = (chunk: Buffer): void => {
    if (this.isClosed) return;
    this.buffer.push(chunk);
    const read = this.pendingRead;
    if (read !== null) {
      const size = this.readableSizeOrClose(read);
      if (size >= 0) this.completeRead(size);
      if (this.isClosed) return;
    }
    if (this.buffer.size > this.maxBufferSize) {
      // As Tornado: both lines on tornado.general, and the stream closes without an error of its own.
      genLog.error('Reached maximum read buffer size');
      genLog.warning('error on read: Reached maximum read buffer size');
      this.close();
    } else if (this.pendingRead === null && this.buffer.size >= this.readHighWaterMark && !this.paused) {
      this.paused = true;
      this.socket.pause();
    }
  };

  /** Everything written so far is with the kernel: run the write callback, or see whether the stream is idle. */
  private onFlushed(): void {
    if (this.isClosed) return;
    const callback = this.writeCallback;
    if (callback !== null) {
      this.writeCallback = null;
      this.runStreamCallback(callback, undefined);
    } else {
      this.maybeCloseAtEof();
    }
  }

  private readonly onWritten = (err?: Error | null): void => {
    // A failed write closes the stream through 'error'/'close'; its write callback never runs (as Tornado).
    if (!err && this.socket.writableLength === 0) this.onFlushed();
  };

  private readonly onEnd = (): void => {
    this.eof = true;
    this.maybeCloseAtEof();
  };

  private readonly onError = (err: Error): void => {
    if (!this.error) this.error = toOSError(err);
  };

  private readonly onClose = (): void => {
    this.close();
  };
}
