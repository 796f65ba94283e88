/**
 * StreamWriter (asyncio.StreamWriter): write() only buffers (Node's socket queue); drain() is where a writer waits
 * for the peer to catch up.
 */
import type net from 'node:net';
import { ConnectionResetError, RuntimeError } from './errors.ts';
import { takePendingCancel } from './current.ts';
import type { StreamReader } from './stream-reader.ts';
import { suspend, untilWoken } from './waiter.ts';

const RESOLVED = Promise.resolve();

export class StreamWriter {
  private readonly socket: net.Socket;
  private readonly streamReader: StreamReader;
  private failed = false;
  private error: unknown;
  private closed = false;
  private eofWritten = false;
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

  /**
   * Queues bytes for sending; never blocks. Follow with `await drain()` to respect the peer's pace. After writeEof()
   * it throws RuntimeError, as asyncio's transport does (the bytes could never be sent); on a connection that is
   * closing or lost they are dropped without an error, as asyncio drops them.
   */
  write(data: Uint8Array | string): void {
    if (this.eofWritten) throw new RuntimeError('write() called after writeEof()');
    if (this.isClosing()) return;
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
    if (this.eofWritten || this.isClosing()) return;
    this.eofWritten = true;
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
      return () => this.drainWaiters.delete(waiter);
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
