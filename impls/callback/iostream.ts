/**
 * Tornado's IOStream (callback flavour) over a net.Socket.
 *
 * Node pushes bytes at us; Tornado pulls them when a read is pending. The bridge: every 'data' chunk goes into the read
 * buffer, and the one pending read (Tornado allows one at a time) is completed from the buffer as soon as it can be.
 * Completions, write callbacks and the close callback all run as IOLoop callbacks, never inside the Node event
 * handler, so user code only ever runs inside a loop turn and under `runCallback`.
 *
 * With no read pending, the socket is paused once the buffer passes a high-water mark: the Node counterpart of a
 * Tornado stream not asking the poller for READ events.
 */
import net from 'node:net';
import { IOLoop, markWrapper, type Callback } from './ioloop.ts';
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
  /** With no read pending, stop reading from the socket beyond this many buffered bytes. */
  readHighWaterMark?: number;
}

type PendingRead =
  | { kind: 'bytes'; n: number; partial: boolean; callback: (data: Buffer) => void }
  | { kind: 'until'; delimiter: Buffer; maxBytes: number; scanned: number; callback: (data: Buffer) => void }
  | { kind: 'untilClose'; callback: (data: Buffer) => void };

export class IOStream {
  readonly socket: net.Socket;
  readonly ioLoop: IOLoop;
  /** Why the stream closed, when it was a socket error (Tornado's `stream.error`). */
  error: Error | null = null;

  private readonly buffer = new ReadBuffer();
  private pendingRead: PendingRead | null = null;
  private closeCallback: Callback | null = null;
  private isClosed = false;
  private paused = false;
  /** Stream callbacks queued on the loop but not yet run; the close callback waits for them, as in Tornado. */
  private pendingCallbacks = 0;
  private readonly maxBufferSize: number;
  private readonly readHighWaterMark: number;

  constructor(socket: net.Socket, options: IOStreamOptions = {}) {
    this.socket = socket;
    this.ioLoop = options.ioLoop ?? IOLoop.current();
    this.maxBufferSize = options.maxBufferSize ?? 100 * 1024 * 1024;
    this.readHighWaterMark = options.readHighWaterMark ?? 1024 * 1024;
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

  /** Reads up to and including `delimiter`. */
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

  /** Queues `data`; `callback` runs once it has been handed to the kernel. Raises StreamClosedError when closed. */
  write(data: Buffer | string, callback?: () => void): void {
    if (this.isClosed) throw new StreamClosedError(this.error);
    if (callback === undefined) {
      this.socket.write(data);
      return;
    }
    this.socket.write(data, (err) => {
      // A failed write closes the stream; its close callback reports it, the write callback never runs (as Tornado).
      if (!err) this.runStreamCallback(callback, undefined);
    });
  }

  setNodelay(value: boolean): void {
    if (!this.isClosed) this.socket.setNoDelay(value);
  }

  // --- closing ---

  setCloseCallback(callback: Callback | null): void {
    this.closeCallback = callback;
    this.maybeRunCloseCallback();
  }

  closed(): boolean {
    return this.isClosed;
  }

  close(error: Error | null = null): void {
    if (this.isClosed) return;
    if (error && !this.error) this.error = error;
    this.isClosed = true;
    this.ioLoop.removeHandler(this);
    // Whatever arrived before the close is what read_until_close was waiting for.
    if (this.pendingRead?.kind === 'untilClose') this.completeRead(this.buffer.size);
    this.socket.destroy();
    this.maybeRunCloseCallback();
  }

  // --- internals ---

  private startRead(read: PendingRead): void {
    if (this.pendingRead !== null) throw new Error('Already reading');
    this.pendingRead = read;
    const size = this.readableSize(read);
    if (size >= 0) {
      this.completeRead(size);
      return;
    }
    if (this.isClosed) {
      this.pendingRead = null;
      throw new StreamClosedError(this.error);
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
        if (at !== -1 && at + read.delimiter.length <= read.maxBytes) return at + read.delimiter.length;
        if (at !== -1 || size > read.maxBytes) {
          this.close(new UnsatisfiableReadError(`delimiter not found within ${read.maxBytes} bytes`));
          return -1;
        }
        read.scanned = Math.max(0, size - read.delimiter.length + 1);
        return -1;
      }
      case 'untilClose':
        return this.isClosed ? size : -1;
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
   * goes on to the IOLoop, which logs it: Tornado's "Uncaught exception, closing connection".
   */
  private readonly invoke = markWrapper((callback: Callback, arg: unknown): void => {
    this.pendingCallbacks--;
    try {
      if (arg === undefined) callback();
      else callback(arg);
    } catch (err) {
      this.close(err instanceof Error ? err : new Error(String(err)));
      throw err;
    } finally {
      this.maybeRunCloseCallback();
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

  private readonly onData = (chunk: Buffer): void => {
    if (this.isClosed) return;
    this.buffer.push(chunk);
    const read = this.pendingRead;
    if (read !== null) {
      const size = this.readableSize(read);
      if (size >= 0) this.completeRead(size);
      if (this.isClosed) return;
    }
    if (this.buffer.size > this.maxBufferSize) {
      this.close(new StreamBufferFullError('Reached maximum read buffer size'));
    } else if (this.pendingRead === null && this.buffer.size >= this.readHighWaterMark && !this.paused) {
      this.paused = true;
      this.socket.pause();
    }
  };

  /** EOF from the peer: Tornado closes the stream when a read returns no bytes. */
  private readonly onEnd = (): void => {
    this.close();
  };

  private readonly onError = (err: Error): void => {
    if (!this.error) this.error = err;
  };

  private readonly onClose = (): void => {
    this.close();
  };
}
