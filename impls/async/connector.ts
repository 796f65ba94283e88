/**
 * TCPConnector (aiohttp's): opens connections, lends them to requests, and keeps idle keep-alive connections per
 * host:port for reuse, within a limit of connections open at once.
 *
 * An idle connection does not keep the process alive (its socket is unref'd while it waits in the pool and ref'd
 * again when a request takes it), so a program that forgets to close its session still exits when its work is done;
 * the session reports that it was left open (httpclient.ts).
 */
import type { RequestTarget } from '../shared/http1.ts';
import { ClientConnectionError, ClientConnectorError } from './client-errors.ts';
import { CancelledError, TimeoutError } from './errors.ts';
import { withDeadline } from './deadline.ts';
import { Semaphore } from './locks.ts';
import { openConnection, type StreamPair } from './streams.ts';

/** @internal A connection lent to a request (httpclient.ts). */
export interface Connection extends StreamPair {
  key: string;
  /** Whether it already carried a request (a stale keep-alive connection fails differently from a fresh one). */
  reused: boolean;
}

export interface ConnectorOptions {
  /** Most connections open at once, in use or idle (0: no limit). aiohttp's default is 100. */
  limit?: number;
  /** Most idle connections kept per host:port. */
  maxIdlePerHost?: number;
}

export class TCPConnector {
  private readonly idle = new Map<string, Connection[]>();
  private readonly slots: Semaphore | undefined;
  private readonly maxIdlePerHost: number;
  private closed = false;

  constructor(options: ConnectorOptions = {}) {
    const limit = options.limit ?? 100;
    this.slots = limit > 0 ? new Semaphore(limit) : undefined;
    this.maxIdlePerHost = options.maxIdlePerHost ?? Math.max(limit, 16);
  }

  /**
   * @internal A connection to `target`: an idle one if it is still open, else a new one, connected within
   * `sockConnectMs` if given (TimeoutError past it). ClientConnectorError if it cannot be made. Cancellable.
   */
  async acquire(target: RequestTarget, sockConnectMs?: number): Promise<Connection> {
    const idle = this.takeIdle(target);
    if (idle) return idle;
    const key = `${target.host}:${target.port}`;
    await this.slots?.acquire();
    try {
      const { reader, writer } =
        sockConnectMs === undefined ? await openConnection(target.host, target.port) : await withDeadline(sockConnectMs, openConnection, target.host, target.port);
      return { key, reader, writer, reused: false };
    } catch (err) {
      this.slots?.release();
      if (err instanceof CancelledError || err instanceof TimeoutError) throw err;
      throw new ClientConnectorError(target.host, target.port, err);
    }
  }

  /** @internal An idle connection to `target` that is still open, if there is one; never waits. */
  takeIdle(target: RequestTarget): Connection | undefined {
    if (this.closed) throw new ClientConnectionError('Connector is closed');
    const idle = this.idle.get(`${target.host}:${target.port}`);
    if (!idle) return undefined;
    for (let conn = idle.pop(); conn; conn = idle.pop()) {
      // The server may have closed it while it sat idle.
      if (!conn.reader.atEof() && conn.reader.buffered === 0 && !conn.writer.isClosing()) {
        conn.writer.transport.ref();
        return conn;
      }
      this.discard(conn);
    }
    return undefined;
  }

  /** @internal Returns a connection after use: kept for reuse only if the response left it clean and open. */
  release(conn: Connection, reusable: boolean): void {
    const idle = this.idle.get(conn.key) ?? [];
    if (!reusable || this.closed || idle.length >= this.maxIdlePerHost) {
      this.discard(conn);
      return;
    }
    conn.reused = true;
    conn.writer.transport.unref(); // idle: not a reason for the process to stay alive
    idle.push(conn);
    this.idle.set(conn.key, idle);
  }

  /** How many idle connections it holds. */
  idleConnections(): number {
    let n = 0;
    for (const conns of this.idle.values()) n += conns.length;
    return n;
  }

  close(): void {
    this.closed = true;
    for (const conns of this.idle.values()) for (const conn of conns) this.discard(conn);
    this.idle.clear();
  }

  toString(): string {
    return `<TCPConnector ${this.closed ? 'closed' : `idle=${this.idleConnections()}`}>`;
  }

  private discard(conn: Connection): void {
    conn.writer.abort();
    this.slots?.release();
  }
}
