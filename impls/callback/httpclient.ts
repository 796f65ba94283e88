/**
 * Tornado's AsyncHTTPClient with the pre-6.0 callback API, modelled on simple_httpclient and built on our IOStream and
 * the shared HTTP/1.1 codec.
 *
 * The contract with the caller is Tornado's: `fetch(request, callback)` never throws; the callback runs exactly once
 * with an HTTPResponse. Transport failures and timeouts arrive as code 599 with `error` set; a non-2xx status arrives
 * with an HTTPClientError in `error`. `response.rethrow()` turns that back into an exception.
 *
 * At most `maxClients` requests run at once; the rest wait in a FIFO queue, and a request that waits longer than its
 * queue timeout fails with "Timeout in request queue", as in Tornado.
 *
 * Connection reuse: simple_httpclient opens a new connection per request; curl_httpclient keeps them alive. To compare
 * fairly with the raw baseline (http.Agent with keep-alive) this client keeps idle connections per host:port and
 * reuses them, which matches curl_httpclient's behaviour. Everything else follows simple_httpclient.
 */
import { STATUS_CODES } from 'node:http';
import net from 'node:net';
import {
  HttpProtocolError,
  ResponseParser,
  encodeGetRequest,
  targetOf,
  type RequestTarget,
} from '../shared/http1.ts';
import { IOLoop, type Timeout } from './ioloop.ts';
import { IOStream, StreamClosedError } from './iostream.ts';

// --- errors ---

/** A response that is an error: a non-2xx status, or 599 for errors that produced no response at all. */
export class HTTPClientError extends Error {
  override name = 'HTTPClientError';
  /** The HTTP status, or 599. A number, unlike Node's string error codes. */
  readonly code: number;
  response: HTTPResponse | undefined;

  constructor(code: number, message?: string, response?: HTTPResponse, options?: { cause?: unknown }) {
    super(`HTTP ${code}: ${message ?? STATUS_CODES[code] ?? 'Unknown'}`, options);
    this.code = code;
    this.response = response;
  }
}

/** Tornado keeps the old name as an alias. */
export const HTTPError = HTTPClientError;

/** The request timed out (connecting, during the request, or in the queue); always code 599. */
export class HTTPTimeoutError extends HTTPClientError {
  override name = 'HTTPTimeoutError';
  constructor(message: string) {
    super(599, message);
    this.message = message || 'Timeout';
  }
}

/** The connection closed before the response was complete and there is no socket error to blame; code 599. */
export class HTTPStreamClosedError extends HTTPClientError {
  override name = 'HTTPStreamClosedError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(599, message, undefined, options);
    this.message = message || 'Stream closed';
  }
}

// --- request and response ---

/** Timeouts in seconds, as Tornado's connect_timeout and request_timeout; 0 turns one off. */
export interface HTTPRequestOptions {
  connectTimeout?: number;
  requestTimeout?: number;
}

export class HTTPRequest {
  readonly url: string;
  readonly method = 'GET'; // the shared codec only speaks GET, which is all the testbed needs
  /** Seconds; the client's default when unset. */
  connectTimeout: number | undefined;
  /** Seconds; the client's default when unset. */
  requestTimeout: number | undefined;
  /** Loop time (seconds) when fetch() was called; queue timeouts count from here. */
  startTime = 0;

  constructor(url: string, options: HTTPRequestOptions = {}) {
    this.url = url;
    this.connectTimeout = options.connectTimeout;
    this.requestTimeout = options.requestTimeout;
  }
}

export interface HTTPResponseInit {
  reason?: string;
  headers?: Record<string, string>;
  body?: Buffer;
  error?: Error | null;
  requestTime?: number;
}

export class HTTPResponse {
  readonly request: HTTPRequest;
  readonly code: number;
  readonly reason: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
  readonly error: Error | null;
  /** Seconds from the request leaving the queue to its last byte (or to its failure). */
  readonly requestTime: number;

  constructor(request: HTTPRequest, code: number, init: HTTPResponseInit = {}) {
    this.request = request;
    this.code = code;
    this.reason = init.reason ?? '';
    this.headers = init.headers ?? {};
    this.body = init.body ?? EMPTY;
    this.requestTime = init.requestTime ?? 0;
    // As Tornado: a non-2xx status is an error even when the exchange itself went fine.
    this.error = init.error ?? (code < 200 || code >= 300 ? new HTTPClientError(code, this.reason || undefined, this) : null);
  }

  rethrow(): void {
    if (this.error) throw this.error;
  }
}

const EMPTY = Buffer.alloc(0);

// --- the client ---

export interface AsyncHTTPClientOptions {
  ioLoop?: IOLoop;
  maxClients?: number;
  /** Defaults in seconds for requests that don't set their own (Tornado: 20 s each). */
  connectTimeout?: number;
  requestTimeout?: number;
  /**
   * How long (seconds) a request may wait for a free slot. Tornado uses min(connect timeout, request timeout);
   * Infinity never times out in the queue.
   */
  queueTimeout?: number;
}

type FetchCallback = (response: HTTPResponse) => void;

interface QueuedFetch {
  request: HTTPRequest;
  callback: FetchCallback;
  timeout: Timeout | null;
  /** Set when the queue timeout fired; the queue skips it (Tornado's "key not in self.waiting"). */
  abandoned: boolean;
}

export class AsyncHTTPClient {
  readonly ioLoop: IOLoop;
  readonly maxClients: number;
  readonly defaults: Required<HTTPRequestOptions>;
  private readonly queueTimeout: number | undefined;
  private queue: QueuedFetch[] = [];
  private queueHead = 0;
  private active = 0;
  private isClosed = false;
  /** @internal shared with HTTPConnection */
  readonly pool = new ConnectionPool();

  constructor(options: AsyncHTTPClientOptions = {}) {
    this.ioLoop = options.ioLoop ?? IOLoop.current();
    this.maxClients = options.maxClients ?? 10;
    this.defaults = { connectTimeout: options.connectTimeout ?? 20, requestTimeout: options.requestTimeout ?? 20 };
    this.queueTimeout = options.queueTimeout;
  }

  /** Requests running right now (out of the queue, holding a slot). */
  get activeCount(): number {
    return this.active;
  }

  get queuedCount(): number {
    let n = 0;
    for (let i = this.queueHead; i < this.queue.length; i++) if (!this.queue[i]!.abandoned) n++;
    return n;
  }

  fetch(urlOrRequest: string | HTTPRequest, callback: FetchCallback): void {
    const request = typeof urlOrRequest === 'string' ? new HTTPRequest(urlOrRequest) : urlOrRequest;
    request.connectTimeout ??= this.defaults.connectTimeout;
    request.requestTimeout ??= this.defaults.requestTimeout;
    request.startTime = this.ioLoop.time();
    if (this.isClosed) {
      const error = new Error('fetch() called on closed AsyncHTTPClient');
      this.ioLoop.addCallback(callback, new HTTPResponse(request, 599, { error }));
      return;
    }
    const entry: QueuedFetch = { request, callback, timeout: null, abandoned: false };
    this.queue.push(entry);
    if (this.active >= this.maxClients) {
      const wait = this.queueTimeout ?? Math.min(request.connectTimeout || Infinity, request.requestTimeout || Infinity);
      if (Number.isFinite(wait)) entry.timeout = this.ioLoop.callAt(request.startTime + wait, this.onQueueTimeout, entry);
    }
    this.processQueue();
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** Closes idle connections; requests still running finish normally. */
  close(): void {
    this.isClosed = true;
    this.pool.closeAll();
  }

  private processQueue(): void {
    while (this.queueHead < this.queue.length && this.active < this.maxClients) {
      const entry = this.queue[this.queueHead++]!;
      if (entry.abandoned) continue;
      if (entry.timeout) this.ioLoop.removeTimeout(entry.timeout);
      this.active++;
      new HTTPConnection(this, entry.request, this.releaseFetch, entry.callback);
    }
    if (this.queueHead === this.queue.length) {
      this.queue = [];
      this.queueHead = 0;
    } else if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.queueHead);
      this.queueHead = 0;
    }
  }

  private readonly releaseFetch = (): void => {
    this.active--;
    this.processQueue();
  };

  private readonly onQueueTimeout = (entry: QueuedFetch): void => {
    entry.abandoned = true;
    entry.timeout = null;
    const response = new HTTPResponse(entry.request, 599, {
      error: new HTTPTimeoutError('Timeout in request queue'),
      requestTime: this.ioLoop.time() - entry.request.startTime,
    });
    this.ioLoop.addCallback(entry.callback, response);
  };
}

// --- idle connections ---

function poolKey(target: RequestTarget): string {
  return `${target.host}:${target.port}`;
}

class ConnectionPool {
  private readonly idle = new Map<string, IOStream[]>();

  /** An idle, still-open stream to `key`, if there is one. */
  checkout(key: string): IOStream | undefined {
    const streams = this.idle.get(key);
    while (streams && streams.length > 0) {
      const stream = streams.pop()!;
      stream.setCloseCallback(null);
      if (!stream.closed() && stream.readBufferSize === 0) return stream;
      stream.close();
    }
    return undefined;
  }

  checkin(key: string, stream: IOStream): void {
    let streams = this.idle.get(key);
    if (!streams) this.idle.set(key, (streams = []));
    const list = streams;
    // An idle connection the server closes must leave the pool at once, not fail the next request that picks it.
    stream.setCloseCallback(() => {
      const at = list.indexOf(stream);
      if (at !== -1) list.splice(at, 1);
    });
    list.push(stream);
  }

  closeAll(): void {
    for (const streams of this.idle.values()) for (const s of streams.splice(0)) s.close();
    this.idle.clear();
  }
}

// --- one request on one connection (simple_httpclient's _HTTPConnection) ---

const READ_CHUNK = 65_536;
const PARTIAL = { partial: true };

class HTTPConnection {
  private readonly ioLoop: IOLoop;
  /** Loop time when the request left the queue; the request timeout and requestTime count from here. */
  private readonly startTime: number;
  private releaseCallback: (() => void) | null;
  private finalCallback: FetchCallback | null;
  private timeout: Timeout | null = null;
  private stream: IOStream | null = null;
  private target: RequestTarget | undefined;
  private readonly parser = new ResponseParser();

  constructor(
    private readonly client: AsyncHTTPClient,
    private readonly request: HTTPRequest,
    release: () => void,
    final: FetchCallback,
  ) {
    this.ioLoop = client.ioLoop;
    this.startTime = this.ioLoop.time();
    this.releaseCallback = release;
    this.finalCallback = final;
    try {
      this.start();
    } catch (err) {
      this.handleException(err);
    }
  }

  private start(): void {
    const target = targetOf(this.request.url);
    this.target = target;
    const reused = this.client.pool.checkout(poolKey(target));
    if (reused) {
      this.onConnect(reused);
      return;
    }
    const { connectTimeout, requestTimeout } = this.request;
    const connectWait = Math.min(connectTimeout || Infinity, requestTimeout || Infinity);
    if (Number.isFinite(connectWait)) {
      this.timeout = this.ioLoop.callAt(this.startTime + connectWait, this.onTimeout, 'while connecting');
    }
    const stream = new IOStream(new net.Socket(), { ioLoop: this.ioLoop });
    // Until connected, a close means the connect failed; the close callback reports it with the socket's error.
    stream.setCloseCallback(this.onConnectionClose);
    this.stream = stream;
    stream.connect(target.port, target.host, () => this.onConnect(stream));
  }

  private onConnect(stream: IOStream): void {
    if (this.finalCallback === null) {
      // We timed out while connecting.
      stream.close();
      return;
    }
    try {
      this.stream = stream;
      stream.setCloseCallback(this.onConnectionClose);
      stream.setNodelay(true);
      this.removeTimeout();
      const requestTimeout = this.request.requestTimeout;
      if (requestTimeout) this.timeout = this.ioLoop.callAt(this.startTime + requestTimeout, this.onTimeout, 'during request');
      stream.write(encodeGetRequest(this.target!, { keepAlive: true }));
      stream.readBytes(READ_CHUNK, this.onData, PARTIAL);
    } catch (err) {
      this.handleException(err);
    }
  }

  private readonly onData = (chunk: Buffer): void => {
    if (this.finalCallback === null) return;
    try {
      if (this.parser.push(chunk)) {
        this.finish();
        return;
      }
      this.stream!.readBytes(READ_CHUNK, this.onData, PARTIAL);
    } catch (err) {
      if (err instanceof StreamClosedError) this.onStreamClosed();
      else this.handleException(err);
    }
  };

  private readonly onConnectionClose = (): void => {
    if (this.finalCallback !== null) this.onStreamClosed();
  };

  /** The peer closed: that completes a close-delimited body, and is an error anywhere else. */
  private onStreamClosed(): void {
    const stream = this.stream!;
    try {
      this.parser.end();
    } catch (incomplete) {
      this.handleException(stream.error ?? new HTTPStreamClosedError('Connection closed', { cause: incomplete }));
      return;
    }
    this.finish();
  }

  private readonly onTimeout = (info: string): void => {
    this.timeout = null;
    if (this.finalCallback !== null) this.handleException(new HTTPTimeoutError(`Timeout ${info}`));
  };

  private removeTimeout(): void {
    if (this.timeout !== null) {
      this.ioLoop.removeTimeout(this.timeout);
      this.timeout = null;
    }
  }

  private finish(): void {
    const data = this.parser.response!;
    this.removeTimeout();
    const requestTime = this.ioLoop.time() - this.startTime;
    const stream = this.stream!;
    if (data.keepAlive && this.parser.leftover === undefined && !stream.closed() && !this.client.closed) {
      this.client.pool.checkin(poolKey(this.target!), stream);
    } else {
      stream.setCloseCallback(null);
      stream.close();
    }
    this.runCallback(
      new HTTPResponse(this.request, data.status, { reason: data.reason, headers: data.headers, body: data.body, requestTime }),
    );
  }

  /** Every failure ends here: the caller gets a 599 carrying the error, and the connection is not reused. */
  private handleException(err: unknown): void {
    if (this.finalCallback === null) return;
    this.removeTimeout();
    const error = err instanceof Error ? err : new HttpProtocolError(String(err));
    this.runCallback(new HTTPResponse(this.request, 599, { error, requestTime: this.ioLoop.time() - this.startTime }));
    this.stream?.close();
  }

  /** Frees the slot and schedules the final callback, clearing it first so it can fire only once. */
  private runCallback(response: HTTPResponse): void {
    const release = this.releaseCallback;
    this.releaseCallback = null;
    if (release) release();
    const callback = this.finalCallback;
    this.finalCallback = null;
    if (callback) this.ioLoop.addCallback(callback, response);
  }
}
