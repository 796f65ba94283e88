/**
 * Green sockets (gevent.socket): a Node `net.Socket` behind Python's blocking socket calls. `recv` parks the calling
 * greenlet until bytes, EOF or an error arrive; `sendall` returns once Node has taken the data, parking while
 * Node's write buffer is over its high-water mark.
 *
 * Buffering: Node's 'data' chunks are kept as they arrive and handed out as they are (a view, never a copy; a
 * chunk larger than the recv size is split with subarray). When more than READ_HIGH_WATER bytes are waiting
 * for a reader the Node socket is paused, leaving the rest in the kernel (TCP backpressure), and resumed once a
 * reader has drained it below READ_LOW_WATER.
 */
import { Greenlet } from './greenlet.ts';
import net from 'node:net';
import { connectWithCopiedReads } from '../shared/static-reads.ts';
import { BlockingSwitchOutError, ConcurrentObjectUseError } from './exceptions.ts';
import { getHub, type Hub } from './hub.ts';
import { TIMED_OUT, Waiter, waitFor, type Green } from './waiter.ts';

export type Address = readonly [host: string, port: number];

const READ_HIGH_WATER = 256 * 1024;
const READ_LOW_WATER = 64 * 1024;
const EMPTY = Buffer.alloc(0);

/** The connect timeout of createConnection expired (Python's socket.timeout). */
export class SocketTimeout extends Error {
  override name = 'SocketTimeout';
  readonly code = 'ETIMEDOUT';
}

/** An operation on a socket this side already closed (Python's EBADF). */
export class SocketClosedError extends Error {
  override name = 'SocketClosedError';
  readonly code = 'EBADF';
  constructor() {
    super('operation on a closed socket');
  }
}

export class GreenSocket {
  private chunks: Array<Buffer | undefined> = [];
  private head = 0;
  private buffered = 0;
  private eof = false;
  private error: Error | undefined;
  private closed = false;
  private pausedByUs = false;
  /** The greenlet parked in recv, and the one parked in sendall/connect: one of each at most, as in gevent. */
  private reader: Waiter<unknown> | undefined;
  private writer: Waiter<unknown> | undefined;
  /** Reused for every recv park: wake-ups only mean "look again", so a stale one is harmless. */
  private readonly readWaiter: Waiter<unknown>;

  /** Any context. Wraps a Node socket; the hub is the one whose greenlets will use it. */
  constructor(
    readonly raw: net.Socket,
    readonly hub: Hub = getHub(),
  ) {
    this.readWaiter = new Waiter<unknown>(hub);
    raw.on('data', this.onData);
    raw.on('end', this.onEnd);
    raw.on('error', this.onError);
    raw.on('close', this.onClose);
    raw.on('drain', this.onWritable);
    raw.on('connect', this.onWritable);
  }

  /** Bytes received and not yet handed out by recv. */
  get pending(): number {
    return this.buffered;
  }

  /** True while it can carry another request: open, no error, no EOF, nothing unread. */
  get reusable(): boolean {
    return !this.closed && !this.eof && this.error === undefined && this.buffered === 0 && !this.raw.destroyed;
  }

  /**
   * Green thread only. Up to `n` bytes: whatever has arrived (one Node chunk or a slice of one), waiting if
   * nothing has. Returns an empty buffer at EOF; raises the socket's error if it broke.
   */
  recv(n = 65536): Green<Buffer> {
    return Greenlet.made(this.recvBody(n));
  }

  private *recvBody(n = 65536): Green<Buffer> {
    Greenlet.ran();
    // Each pass parks until an event changes the state below, so it ends at data, EOF, error or close.
    for (;;) {
      if (this.buffered > 0) return this.take(n);
      if (this.closed) throw new SocketClosedError();
      if (this.error !== undefined) throw this.error;
      if (this.eof) return EMPTY;
      if (this.reader !== undefined) throw new ConcurrentObjectUseError('another greenlet is already reading this socket');
      if (this.pausedByUs) this.resumeReading();
      const w = this.readWaiter;
      this.reader = w;
      this.hub.addWatcher();
      try {
        yield* w.get();
      } finally {
        this.reader = undefined;
        this.hub.removeWatcher();
      }
    }
  }

  /** Green thread only. Hands all of `data` to Node, waiting while Node's write buffer is full. */
  sendall(data: Buffer | Uint8Array | string): Green<void> {
    return Greenlet.made(this.sendallBody(data));
  }

  private *sendallBody(data: Buffer | Uint8Array | string): Green<void> {
    Greenlet.ran();
    if (this.error !== undefined) throw this.error;
    if (this.closed || this.raw.destroyed || this.raw.writableEnded) throw new SocketClosedError();
    if (this.raw.write(data)) return;
    // Each pass parks until 'drain', an error or a close.
    while (this.raw.writableNeedDrain) {
      if (this.error !== undefined) throw this.error;
      if (this.closed || this.raw.destroyed) throw new SocketClosedError();
      yield* this.parkWriter();
    }
  }

  /**
   * Any context. Closes this side: data already handed to sendall is still delivered, then the socket is
   * destroyed. A greenlet parked on it raises SocketClosedError.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.raw.destroySoon();
    this.wakeAll();
  }

  /**
   * Any context. Whether this open socket may keep the process alive (Node's ref/unref; Python sockets have no
   * such thing, a Python process exits with them open). A pool holding idle connections unrefs them.
   */
  holdProcess(hold: boolean): void {
    if (hold) this.raw.ref();
    else this.raw.unref();
  }

  /** Any context. Drops the connection at once, unsent data included. */
  abort(): void {
    this.closed = true;
    this.raw.destroy();
    this.wakeAll();
  }

  /** @internal Green thread only. Waits for an outgoing connection to be established. */
  *waitConnected(timeout: number | undefined): Green<void> {
    // Each pass parks until 'connect', an error, a close or the deadline.
    while (this.raw.connecting) {
      if (this.error !== undefined) throw this.error;
      if (this.closed) throw new SocketClosedError();
      if ((yield* this.parkWriter(timeout)) === TIMED_OUT) throw new SocketTimeout('timed out');
    }
    if (this.error !== undefined) throw this.error;
    if (this.closed || this.raw.destroyed) throw new SocketClosedError();
  }

  private *parkWriter(timeout?: number): Green<unknown> {
    if (this.writer !== undefined) throw new ConcurrentObjectUseError('another greenlet is already writing to this socket');
    const w = new Waiter<unknown>(this.hub);
    this.writer = w;
    this.hub.addWatcher();
    try {
      return yield* waitFor(w, timeout);
    } finally {
      this.writer = undefined;
      this.hub.removeWatcher();
    }
  }

  private take(n: number): Buffer {
    const chunk = this.chunks[this.head]!;
    let out: Buffer;
    if (chunk.length <= n) {
      out = chunk;
      this.chunks[this.head++] = undefined;
      if (this.head === this.chunks.length) {
        this.chunks.length = 0;
        this.head = 0;
      }
    } else {
      out = chunk.subarray(0, n);
      this.chunks[this.head] = chunk.subarray(n);
    }
    this.buffered -= out.length;
    if (this.pausedByUs && this.buffered < READ_LOW_WATER) this.resumeReading();
    return out;
  }

  private resumeReading(): void {
    this.pausedByUs = false;
    if (!this.raw.destroyed) this.raw.resume();
  }

  /** close() and abort(): any context, so the wake-ups go through the hub's queue (or at once from the hub). */
  private wakeAll(): void {
    this.reader?.switch(undefined);
    this.writer?.switch(undefined);
  }

  /** The socket's own events: I/O callbacks, which switch to the parked greenlets there and then (Hub.wakeFromIo). */
  private wakeFromIo(w: Waiter<unknown> | undefined): void {
    if (w !== undefined) this.hub.wakeFromIo(w);
  }

  private readonly onData = (chunk: Buffer): void => {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    if (this.buffered >= READ_HIGH_WATER && !this.pausedByUs) {
      this.pausedByUs = true;
      this.raw.pause();
    }
    this.wakeFromIo(this.reader);
  };

  private readonly onEnd = (): void => {
    this.eof = true;
    this.wakeFromIo(this.reader);
  };

  private readonly onError = (err: Error): void => {
    this.error ??= err;
    this.wakeFromIo(this.reader);
    this.wakeFromIo(this.writer);
  };

  private readonly onClose = (): void => {
    this.eof = true;
    this.wakeFromIo(this.reader);
    this.wakeFromIo(this.writer);
  };

  private readonly onWritable = (): void => {
    this.wakeFromIo(this.writer);
  };
}

/**
 * Green thread only. Connects to `[host, port]` (gevent.socket.create_connection). Raises the connect error
 * (ECONNREFUSED, ...) or SocketTimeout after `timeout` seconds.
 */
export function createConnection(address: Address, timeout?: number): Green<GreenSocket> {
  return Greenlet.made(createConnectionBody(address, timeout));
}

function* createConnectionBody(address: Address, timeout?: number): Green<GreenSocket> {
  Greenlet.ran();
  const hub = getHub();
  if (hub.getCurrent() === undefined) throw new BlockingSwitchOutError('createConnection() outside a greenlet');
  const sock = new GreenSocket(connectWithCopiedReads({ host: address[0], port: address[1], noDelay: true }), hub);
  let connected = false;
  try {
    yield* sock.waitConnected(timeout);
    connected = true;
    return sock;
  } finally {
    if (!connected) sock.abort();
  }
}
