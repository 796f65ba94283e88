/**
 * An HTTP/1.1 GET client on the layer's own streams, shaped after aiohttp: a ClientSession whose TCPConnector keeps
 * idle keep-alive connections per host:port for reuse, a per-request deadline, and `raiseForStatus()`.
 * Framing and parsing are the project's shared codec; this module only moves bytes and manages connections.
 *
 * Difference from aiohttp: `get()` resolves once the whole body has arrived (aiohttp resolves at the headers and
 * reads the body on `resp.read()`), because the shared parser reports only the complete response.
 */
import { ResponseParser, encodeGetRequest, targetOf, type HttpResponseData, type RequestTarget } from '../shared/http1.ts';
import { Semaphore } from './locks.ts';
import { openConnection, type StreamPair } from './streams.ts';
import { withDeadline } from './deadline.ts';
import { secondsToMs } from './seconds.ts';

const READ_SIZE = 64 * 1024;

/** A response with a non-2xx status, from raiseForStatus() (aiohttp's ClientResponseError). */
export class HttpStatusError extends Error {
  override name = 'HttpStatusError';
  readonly code = 'HTTP_STATUS';
  constructor(readonly status: number, reason: string) {
    super(`HTTP ${status} ${reason}`.trim());
  }
}

export class ClientResponse {
  readonly status: number;
  readonly reason: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;

  constructor(readonly url: string, data: HttpResponseData) {
    this.status = data.status;
    this.reason = data.reason;
    this.headers = data.headers;
    this.body = data.body;
  }

  get ok(): boolean {
    return this.status >= 200 && this.status <= 299;
  }

  raiseForStatus(): void {
    if (!this.ok) throw new HttpStatusError(this.status, this.reason);
  }

  text(): string {
    return this.body.toString('utf8');
  }
}

interface Connection extends StreamPair {
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

/** Opens, lends out, and keeps idle connections (aiohttp's TCPConnector). */
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

  /** A connection to `target`: an idle one if it is still open, else a new one. Cancellable. */
  async acquire(target: RequestTarget): Promise<Connection> {
    const idle = this.takeIdle(target);
    if (idle) return idle;
    const key = `${target.host}:${target.port}`;
    await this.slots?.acquire();
    try {
      const { reader, writer } = await openConnection(target.host, target.port);
      return { key, reader, writer, reused: false };
    } catch (err) {
      this.slots?.release();
      throw err;
    }
  }

  /** @internal An idle connection to `target` that is still open, if there is one; never waits. */
  takeIdle(target: RequestTarget): Connection | undefined {
    if (this.closed) throw new Error('the connector is closed');
    const idle = this.idle.get(`${target.host}:${target.port}`);
    if (!idle) return undefined;
    for (let conn = idle.pop(); conn; conn = idle.pop()) {
      // The server may have closed it while it sat idle.
      if (!conn.reader.atEof() && conn.reader.buffered === 0 && !conn.writer.isClosing()) return conn;
      this.discard(conn);
    }
    return undefined;
  }

  /** Returns a connection after use: kept for reuse only if the response left it clean and open. */
  release(conn: Connection, reusable: boolean): void {
    const idle = this.idle.get(conn.key) ?? [];
    if (!reusable || this.closed || idle.length >= this.maxIdlePerHost) {
      this.discard(conn);
      return;
    }
    conn.reused = true;
    idle.push(conn);
    this.idle.set(conn.key, idle);
  }

  close(): void {
    this.closed = true;
    for (const conns of this.idle.values()) for (const conn of conns) this.discard(conn);
    this.idle.clear();
  }

  private discard(conn: Connection): void {
    conn.writer.abort();
    this.slots?.release();
  }
}

/** aiohttp's ClientTimeout, in seconds; undefined fields set no deadline. */
export interface ClientTimeout {
  /** The whole request, from asking for a connection to the last body byte. */
  total?: number;
}

export interface SessionOptions {
  connector?: TCPConnector;
  /** The default for every request (aiohttp's default total is 300 s; this one's is none). */
  timeout?: ClientTimeout;
}

export interface RequestOptions {
  /** This request's deadline instead of the session's; a number is the total, as aiohttp accepts. */
  timeout?: ClientTimeout | number;
}

export class ClientSession {
  readonly connector: TCPConnector;
  private readonly timeout: ClientTimeout;

  constructor(options: SessionOptions = {}) {
    this.connector = options.connector ?? new TCPConnector();
    this.timeout = options.timeout ?? {};
  }

  /**
   * GETs `url` and resolves with the complete response (any status). Throws TimeoutError past the deadline,
   * the socket's error (ECONNREFUSED, ECONNRESET, ...) or the codec's HttpProtocolError/IncompleteResponseError.
   */
  async get(url: string, options: RequestOptions = {}): Promise<ClientResponse> {
    const target = targetOf(url);
    const timeout = typeof options.timeout === 'number' ? { total: options.timeout } : (options.timeout ?? this.timeout);
    if (timeout.total === undefined) return await this.fetch(url, target);
    const ms = secondsToMs(timeout.total, 'ClientTimeout.total');
    // Like aiohttp's timeout, the deadline cancels the request where it waits, in the caller's task, and surfaces
    // as TimeoutError. It reaches only this request's awaits (a cancel scope, not the whole task), so concurrent
    // requests in one task (Promise.all over several get() calls) keep separate deadlines.
    return await withDeadline(ms, ClientSession.fetchOn, this, url, target);
  }

  close(): void {
    this.connector.close();
  }

  private static fetchOn(session: ClientSession, url: string, target: RequestTarget): Promise<ClientResponse> {
    return session.fetch(url, target);
  }

  private async fetch(url: string, target: RequestTarget): Promise<ClientResponse> {
    // A reused connection the server closed meanwhile fails before any byte of the response: retry once, fresh.
    for (let attempt = 0; ; attempt++) {
      const conn = this.connector.takeIdle(target) ?? (await this.connector.acquire(target));
      let reusable = false;
      let gotBytes = false;
      try {
        conn.writer.write(encodeGetRequest(target));
        await conn.writer.drain();
        const parser = new ResponseParser();
        for (;;) {
          const chunk = await conn.reader.read(READ_SIZE);
          if (chunk.length === 0) {
            parser.end();
            break;
          }
          gotBytes = true;
          if (parser.push(chunk)) break;
        }
        const data = parser.response!;
        reusable = data.keepAlive && parser.leftover === undefined && conn.reader.buffered === 0;
        return new ClientResponse(url, data);
      } catch (err) {
        if (conn.reused && !gotBytes && attempt === 0 && isConnectionLoss(err)) continue;
        throw err;
      } finally {
        // A request cut short (timeout, cancellation, error) leaves the connection mid-response: never reuse it.
        this.connector.release(conn, reusable);
      }
    }
  }
}

function isConnectionLoss(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return code === 'ECONNRESET' || code === 'EPIPE';
}
