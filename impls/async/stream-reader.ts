/**
 * StreamReader (asyncio.StreamReader): the bytes of one connection as they arrive, for read / readExactly /
 * readUntil / readline.
 *
 * Performance: the reader keeps the socket's chunks as they came (no Buffer.concat per read) and, when a read is
 * already waiting, hands the arriving chunk straight to it from the socket's 'data' handler; with data buffered,
 * read() resolves without suspending. Like asyncio it stops reading from the socket while more than twice its limit
 * is buffered unread.
 */
import type net from 'node:net';
import { IncompleteReadError, LimitOverrunError, RuntimeError, ValueError } from './errors.ts';
import { currentContext, takePendingCancel } from './current.ts';
import { Waiter } from './waiter.ts';

const DEFAULT_LIMIT = 64 * 1024;
const EMPTY = Buffer.alloc(0);
const NEWLINE = Buffer.from('\n');

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

  /** @internal streams.ts: the socket to pause and resume as the buffer fills and empties. */
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
   * Up to `n` bytes of what is buffered (across the chunks it arrived in), else of the next chunk to arrive; an empty
   * buffer at EOF. `n` < 0 reads until EOF.
   */
  read(n = -1): Promise<Buffer> {
    if (n < 0) return this.readAll();
    // One context lookup serves both the pending-cancel check and the waiter (see context.ts for what a lookup costs).
    const context = currentContext();
    const pending = context?.takePendingCancel();
    if (pending) return Promise.reject(pending);
    if (this.failed) return Promise.reject(this.error);
    if (n === 0) return Promise.resolve(EMPTY);
    if (this.size > 0) return Promise.resolve(this.takeUpTo(n));
    if (this.eof) return Promise.resolve(EMPTY);
    this.claimWaiter('read');
    this.resumeIfPaused();
    // Woken inside the socket's 'data'/'end'/'error' handler: the chunk goes to the reader without another hop.
    const waiter = new DataWaiter(context, this, n);
    this.waiter = waiter;
    return waiter.promise as Promise<Buffer>;
  }

  /** @internal DataWaiter: a cancelled (or abandoned) read or wait stops waiting. */
  dropWaiter(waiter: DataWaiter): void {
    if (this.waiter === waiter) this.waiter = undefined;
  }

  /** Exactly `n` bytes; IncompleteReadError (with what there was) if EOF comes first. */
  async readExactly(n: number): Promise<Buffer> {
    if (!Number.isInteger(n) || n < 0) throw new ValueError(`readExactly needs a whole number >= 0, got ${n}`);
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
   * Bytes up to and including `separator`. LimitOverrunError if more than `limit` bytes come before it (the bytes
   * stay buffered for the next read); IncompleteReadError (with the rest) if EOF comes first.
   */
  async readUntil(separator: Buffer | string = '\n'): Promise<Buffer> {
    const sep = typeof separator === 'string' ? Buffer.from(separator) : separator;
    if (sep.length === 0) throw new ValueError('the separator must not be empty');
    const pending = takePendingCancel();
    if (pending) throw pending;
    let searchFrom = 0;
    for (;;) {
      if (this.failed) throw this.error;
      if (this.size >= sep.length) {
        const buffered = this.coalesce();
        const at = buffered.indexOf(sep, searchFrom);
        if (at !== -1) {
          // As asyncio: the limit counts the bytes before the separator.
          if (at > this.limit) throw new LimitOverrunError('separator found, but the chunk is longer than the limit', at);
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

  /**
   * One line including its "\n"; at EOF, whatever is left (possibly empty). A line longer than the limit is dropped
   * (through its "\n", or all that is buffered if none came yet) and ValueError thrown, as asyncio does, so that the
   * next readline() starts on a fresh line.
   */
  async readline(): Promise<Buffer> {
    try {
      return await this.readUntil(NEWLINE);
    } catch (err) {
      if (err instanceof IncompleteReadError) return err.partial;
      if (!(err instanceof LimitOverrunError)) throw err;
      const buffered = this.coalesce();
      this.discard(buffered.indexOf(NEWLINE, err.consumed) === err.consumed ? err.consumed + 1 : this.size);
      throw new ValueError(err.message);
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
    if (!this.waiter) return;
    throw new RuntimeError(
      `${caller}() called while another read is already waiting for incoming data (an earlier read of this task that ` +
        'lost a Promise.race is still pending: use waitFor(() => reader.read(n), seconds) or timeout() instead)',
    );
  }

  private wake(): void {
    const waiter = this.waiter;
    if (!waiter) return;
    this.waiter = undefined;
    if (waiter.n < 0) waiter.resume(undefined);
    else if (this.failed) waiter.fail(this.error);
    else waiter.resume(this.size > 0 ? this.takeUpTo(waiter.n) : EMPTY);
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

  /** Up to n buffered bytes, across chunks as asyncio's read(n) takes them. */
  private takeUpTo(n: number): Buffer {
    // Performance: the usual case, one chunk buffered, hands out that chunk (or a view of it) without a copy.
    if (this.chunks.length === 1 || this.chunks[0]!.length >= n) return this.take(n);
    return this.takeExactly(Math.min(n, this.size));
  }

  /** Drops n buffered bytes. */
  private discard(n: number): void {
    while (n > 0 && this.size > 0) n -= this.take(n).length;
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
