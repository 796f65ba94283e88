/**
 * An HTTP/1.1 GET client on the layer's own streams, shaped after aiohttp 3.8: a ClientSession whose TCPConnector
 * (connector.ts) keeps idle keep-alive connections per host:port for reuse, aiohttp's ClientTimeout, its error
 * hierarchy (client-errors.ts) and `raiseForStatus()`. Framing and parsing are the project's shared codec.
 *
 * Difference from aiohttp: `get()` resolves once the whole body has arrived (aiohttp resolves at the headers and
 * reads the body on `resp.read()`), because the shared parser reports only the complete response.
 *
 * A session left open is reported as aiohttp reports it ("Unclosed client session", then "Unclosed connector" if it
 * kept connections, through the exception handler) when the run() it was made in ends, or at process exit for one
 * made outside any run; its idle connections never keep the process alive meanwhile.
 */
import { encodeGetRequest, targetOf, type RequestTarget } from '../shared/http1.ts';
import { ClientOSError, InvalidURL, ServerDisconnectedError, ServerTimeoutError } from './client-errors.ts';
import { ClientResponse, ResponseRead } from './client-response.ts';
import { TCPConnector, type Connection } from './connector.ts';
import { currentTask } from './current.ts';
import { withDeadline } from './deadline.ts';
import { RuntimeError, TimeoutError } from './errors.ts';
import { callExceptionHandler } from './exception-handler.ts';
import { secondsToMs } from './seconds.ts';

/** aiohttp's ClientTimeout, in seconds; an absent field sets no deadline. */
export interface ClientTimeout {
  /** The whole request, from asking for a connection to the last body byte: TimeoutError past it. */
  total?: number;
  /** Getting a connection, waiting for a free one included: ServerTimeoutError past it. */
  connect?: number;
  /** Opening a new connection: ServerTimeoutError past it. */
  sockConnect?: number;
  /** Each read from the connection: ServerTimeoutError when one takes longer. */
  sockRead?: number;
}

/** aiohttp's default: five minutes for the whole request, nothing else. */
export const DEFAULT_TIMEOUT: Readonly<ClientTimeout> = Object.freeze({ total: 300 });

export interface SessionOptions {
  connector?: TCPConnector;
  /** The default for every request; DEFAULT_TIMEOUT if absent. */
  timeout?: ClientTimeout;
}

export interface RequestOptions {
  /** This request's deadlines instead of the session's; a number is the total, as aiohttp accepts. */
  timeout?: ClientTimeout | number;
}

/** The deadlines of one request, in milliseconds. */
interface Deadlines {
  connectMs: number | undefined;
  sockConnectMs: number | undefined;
  sockReadMs: number | undefined;
}

const msOf = (seconds: number | undefined, name: string): number | undefined => (seconds === undefined ? undefined : secondsToMs(seconds, `ClientTimeout.${name}`));

export class ClientSession {
  readonly connector: TCPConnector;
  private readonly timeout: ClientTimeout;
  private isClosed = false;
  private readonly stopWatching: () => void;

  constructor(options: SessionOptions = {}) {
    this.connector = options.connector ?? new TCPConnector();
    this.timeout = options.timeout ?? DEFAULT_TIMEOUT;
    this.stopWatching = watchForLeftOpen(this);
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /**
   * GETs `url` and resolves with the complete response (any status; raiseForStatus() to fail on 4xx/5xx). Throws
   * TimeoutError past the total deadline and otherwise aiohttp's errors: InvalidURL, ClientConnectorError,
   * ServerTimeoutError, ServerDisconnectedError, ClientOSError, ClientPayloadError, ClientResponseError.
   */
  async get(url: string, options: RequestOptions = {}): Promise<ClientResponse> {
    if (this.isClosed) throw new RuntimeError('Session is closed');
    let target: RequestTarget;
    try {
      target = targetOf(url);
    } catch (err) {
      throw new InvalidURL(url, { cause: err });
    }
    const timeout = typeof options.timeout === 'number' ? { total: options.timeout } : (options.timeout ?? this.timeout);
    const deadlines: Deadlines = {
      connectMs: msOf(timeout.connect, 'connect'),
      sockConnectMs: msOf(timeout.sockConnect, 'sockConnect'),
      sockReadMs: msOf(timeout.sockRead, 'sockRead'),
    };
    const totalMs = msOf(timeout.total, 'total');
    if (totalMs === undefined) return await this.fetch(url, target, deadlines);
    // Like aiohttp's timeout, the deadline cancels the request where it waits, in the caller's task, and surfaces
    // as TimeoutError. It reaches only this request's awaits (a cancel scope, not the whole task), so concurrent
    // requests in one task (Promise.all over several get() calls) keep separate deadlines.
    return await withDeadline(totalMs, ClientSession.fetchOn, this, url, target, deadlines);
  }

  /** Closes the session and its connector (idle connections are dropped). `await session.close()` ports as it is. */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.stopWatching();
    this.connector.close();
  }

  toString(): string {
    return `<ClientSession ${this.isClosed ? 'closed' : 'open'}>`;
  }

  private static fetchOn(session: ClientSession, url: string, target: RequestTarget, deadlines: Deadlines): Promise<ClientResponse> {
    return session.fetch(url, target, deadlines);
  }

  private async fetch(url: string, target: RequestTarget, deadlines: Deadlines): Promise<ClientResponse> {
    // A reused connection the server closed meanwhile fails before any byte of the response: retry once, fresh.
    for (let attempt = 0; ; attempt++) {
      const conn = this.connector.takeIdle(target) ?? (await this.connect(url, target, deadlines));
      const read = new ResponseRead({ url, method: 'GET' });
      let reusable = false;
      try {
        try {
          conn.writer.write(encodeGetRequest(target));
          await conn.writer.drain();
        } catch (err) {
          throw ClientOSError.wrap(err);
        }
        const outcome = await read.readFrom(conn.reader, deadlines.sockReadMs);
        reusable = outcome.reusable;
        return new ClientResponse(url, outcome.data);
      } catch (err) {
        if (conn.reused && !read.gotBytes && attempt === 0 && isConnectionLoss(err)) continue;
        throw err;
      } finally {
        // A request cut short (timeout, cancellation, error) leaves the connection mid-response: never reuse it.
        this.connector.release(conn, reusable);
      }
    }
  }

  /** A new connection within the connect deadlines; a deadline passing is aiohttp's ServerTimeoutError. */
  private async connect(url: string, target: RequestTarget, deadlines: Deadlines): Promise<Connection> {
    try {
      if (deadlines.connectMs === undefined) return await this.connector.acquire(target, deadlines.sockConnectMs);
      return await withDeadline(deadlines.connectMs, () => this.connector.acquire(target, deadlines.sockConnectMs));
    } catch (err) {
      if (err instanceof TimeoutError) throw new ServerTimeoutError(`Connection timeout to host ${url}`, { cause: err });
      throw err;
    }
  }
}

function isConnectionLoss(err: unknown): boolean {
  if (err instanceof ServerDisconnectedError) return true;
  const code = err instanceof ClientOSError ? err.code : undefined;
  return code === 'ECONNRESET' || code === 'EPIPE';
}

// ---------------------------------------------------------------------------------------------------------------
// Sessions left open

/** Sessions made outside any run(), still open: reported at process exit. */
const openOutsideRuns = new Set<ClientSession>();
let exitHookInstalled = false;

/** Arranges for `session` to be reported if still open when its run() ends (or the process exits); returns the undo. */
function watchForLeftOpen(session: ClientSession): () => void {
  const owner = currentTask()?.owner;
  if (owner) return owner.atTeardown(() => reportLeftOpen(session));
  openOutsideRuns.add(session);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const s of openOutsideRuns) reportLeftOpen(s);
    });
  }
  return () => openOutsideRuns.delete(session);
}

/** aiohttp's two reports, in its order and words; then the connector is closed, as aiohttp's __del__ closes it. */
function reportLeftOpen(session: ClientSession): void {
  callExceptionHandler({ message: 'Unclosed client session', client_session: session });
  const idle = session.connector.idleConnections();
  if (idle > 0) callExceptionHandler({ message: 'Unclosed connector', connections: `[${idle} idle]`, connector: session.connector });
  session.connector.close();
}
