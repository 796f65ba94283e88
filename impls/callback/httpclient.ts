/**
 * Tornado 5.1's AsyncHTTPClient with its callback API, modelled on simple_httpclient and built on our IOStream and the
 * shared HTTP/1.1 codec.
 *
 * `fetch(request, callback)` is Tornado 5.1's: it raises only for misuse (a closed client: RuntimeError), calls
 * `callback` exactly once with an HTTPResponse, and also returns a Future of that response:
 * - transport failures and timeouts arrive as code 599 with `error` set (the socket's own error, with Python's class
 *   names, or HTTPTimeoutError / HTTPStreamClosedError); a non-2xx status arrives with an HTTPClientError in `error`;
 *   `response.rethrow()` raises it;
 * - the Future completes first (with the error when `raiseError`, the default, and the response has one; else with
 *   the response); its done callbacks run, then the fetch callback, one loop turn later. `cancel()` on it cancels the
 *   Future only, as asyncio's does: the request goes on, the fetch callback never runs, and the loop logs the
 *   CancelledError the client's done callback meets.
 *
 * At most `maxClients` requests run at once; the rest wait in a FIFO queue, and a request that waits longer than its
 * queue timeout (min(connectTimeout, requestTimeout) from fetch(), as in Tornado) fails with "Timeout in request queue".
 * Timeouts are seconds.
 *
 * Where it is not simple_httpclient (docs/departures.md, callback): idle connections are kept per host:port and
 * reused, as curl_httpclient does (connectionpool.ts), to compare fairly with the raw baseline's keep-alive agent;
 * a malformed response fails at once with 599 and the codec's HttpProtocolError, where Tornado 5.1 waits for the request
 * timeout; a client left unclosed is reported (unclosed.ts). Redirects are not followed, and only GET is spoken.
 */
import { STATUS_CODES } from 'node:http';
import { socketWithCopiedReads } from '../shared/static-reads.ts';
import { HttpProtocolError, ResponseParser, encodeGetRequest, targetOf, type RequestTarget } from '../shared/http1.ts';
import { Future, setResultUnlessCancelled } from './concurrent.ts';
import { ConnectionPool } from './connectionpool.ts';
import { RuntimeError, ValueError } from './exceptions.ts';
import { IOLoop, wallClock, type Timeout } from './ioloop.ts';
import { IOStream, StreamClosedError } from './iostream.ts';
import { unwatch, watch } from './unclosed.ts';

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
  /** When the request was made (seconds, on IOLoop.time()'s scale), as Tornado's `start_time`. */
  readonly startTime: number;

  constructor(url: string, options: HTTPRequestOptions = {}) {
    this.url = url;
    this.connectTimeout = options.connectTimeout;
    this.requestTimeout = options.requestTimeout;
    this.startTime = wallClock();
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
  /**
   * The body the server sent; null when no HTTP message arrived at all (code 599: refused, reset, timed out), as
   * Tornado's is None then. Check `error` before using it.
   */
  readonly body: Buffer | null;
  readonly error: Error | null;
  /** Seconds from the request leaving the queue to its last byte (or to its failure). */
  readonly requestTime: number;

  constructor(request: HTTPRequest, code: number, init: HTTPResponseInit = {}) {
    this.request = request;
    this.code = code;
    this.reason = init.reason ?? '';
    this.headers = init.headers ?? {};
    this.body = init.body ?? null;
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

/** What `fetch` takes beside the request: Tornado's `raise_error`, and request options for a URL given as a string. */
export interface FetchOptions extends HTTPRequestOptions {
  /** Whether the returned Future fails with the response's error (true, the default) or holds the response. */
  raiseError?: boolean;
}

type FetchCallback = (response: HTTPResponse) => void;

/** One fetch on its way through the queue and a connection: the request with the client's defaults applied. */
interface Fetch {
  request: HTTPRequest;
  connectTimeout: number;
  requestTimeout: number;
  /** Loop time when fetch() was called; the queue timeout counts from here. */
  queuedAt: number;
  /** Tornado's fetch_impl callback: completes the Future. */
  done: FetchCallback;
  timeout: Timeout | null;
  /** Set when the queue timeout fired; the queue skips it (Tornado's "key not in self.waiting"). */
  abandoned: boolean;
}

export class AsyncHTTPClient {
  readonly ioLoop: IOLoop;
  readonly maxClients: number;
  readonly defaults: Required<HTTPRequestOptions>;
  private readonly queueTimeout: number | undefined;
  private queue: Fetch[] = [];
  private queueHead = 0;
  private active = 0;
  private isClosed = false;
  /** @internal shared with HTTPConnection */
  readonly pool = new ConnectionPool();
  private readonly watchToken: WeakRef<object>;

  constructor(options: AsyncHTTPClientOptions = {}) {
    this.ioLoop = options.ioLoop ?? IOLoop.current();
    this.maxClients = options.maxClients ?? 10;
    this.defaults = { connectTimeout: options.connectTimeout ?? 20, requestTimeout: options.requestTimeout ?? 20 };
    this.queueTimeout = options.queueTimeout;
    this.watchToken = watch(this, this.pool);
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

  /**
   * Fetches `request` (a URL, with `options` for its timeouts, or an HTTPRequest). `callback`, if given, runs once
   * with the response; the returned Future completes before it. Throws RuntimeError on a closed client.
   */
  fetch(request: string | HTTPRequest, callback?: FetchCallback, options: FetchOptions = {}): Future<HTTPResponse> {
    if (this.isClosed) throw new RuntimeError('fetch() called on closed AsyncHTTPClient');
    const { raiseError = true, ...requestOptions } = options;
    if (request instanceof HTTPRequest && Object.keys(requestOptions).length > 0) {
      throw new ValueError("kwargs can't be used if request is an HTTPRequest object");
    }
    const req = request instanceof HTTPRequest ? request : new HTTPRequest(request, requestOptions);
    const ioLoop = this.ioLoop;
    const future = new Future<HTTPResponse>(ioLoop);
    if (callback !== undefined) {
      future.addDoneCallback(function handleFuture(done) {
        // Throws CancelledError for a cancelled Future: the loop logs it and the callback never runs, as in Tornado.
        const error = done.exception();
        let response: HTTPResponse;
        if (error instanceof HTTPClientError && error.response !== undefined) response = error.response;
        else if (error !== null) response = new HTTPResponse(req, 599, { error: error as Error, requestTime: wallClock() - req.startTime });
        else response = done.result();
        ioLoop.addCallback(callback, response);
      });
    }
    this.fetchImpl(req, function handleResponse(response) {
      if (raiseError && response.error) {
        if (response.error instanceof HTTPClientError) response.error.response = response;
        future.setException(response.error);
      } else {
        setResultUnlessCancelled(future, response);
      }
    });
    return future;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** Closes idle connections; requests still running finish normally. No fetch() may follow. */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    unwatch(this.watchToken);
    this.pool.closeAll();
  }

  /** simple_httpclient's fetch_impl: queue the request, with a queue timeout if no slot is free. */
  private fetchImpl(request: HTTPRequest, done: FetchCallback): void {
    const fetch: Fetch = {
      request,
      connectTimeout: request.connectTimeout ?? this.defaults.connectTimeout,
      requestTimeout: request.requestTimeout ?? this.defaults.requestTimeout,
      queuedAt: this.ioLoop.time(),
      done,
      timeout: null,
      abandoned: false,
    };
    this.queue.push(fetch);
    if (this.active >= this.maxClients) {
      const wait = this.queueTimeout ?? Math.min(fetch.connectTimeout, fetch.requestTimeout);
      if (Number.isFinite(wait)) fetch.timeout = this.ioLoop.callAt(fetch.queuedAt + wait, this.onQueueTimeout, fetch);
    }
    this.processQueue();
  }

  private processQueue(): void {
    while (this.queueHead < this.queue.length && this.active < this.maxClients) {
      const fetch = this.queue[this.queueHead++]!;
      if (fetch.abandoned) continue;
      if (fetch.timeout) this.ioLoop.removeTimeout(fetch.timeout);
      this.active++;
      new HTTPConnection(this, fetch, this.releaseFetch);
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

  private readonly onQueueTimeout = (fetch: Fetch): void => {
    fetch.abandoned = true;
    fetch.timeout = null;
    const response = new HTTPResponse(fetch.request, 599, {
      error: new HTTPTimeoutError('Timeout in request queue'),
      requestTime: this.ioLoop.time() - fetch.queuedAt,
    });
    this.ioLoop.addCallback(fetch.done, response);
  };
}

// --- one request on one connection (simple_httpclient's _HTTPConnection) ---

function poolKey(target: RequestTarget): string {
  return `${target.host}:${target.port}`;
}

const READ_CHUNK = 65_536;
const PARTIAL = { partial: true };
const HEAD_END = Buffer.from('\r\n\r\n');

/** Notices the end of a response head in the bytes as they arrive (the codec does not say), then stops looking. */
class HeadWatch {
  complete = false;
  /** The last bytes seen, for a terminator split across chunks. */
  private tail: Buffer = EMPTY;

  push(chunk: Buffer): void {
    if (this.complete) return;
    const joined = Buffer.concat([this.tail, chunk.subarray(0, HEAD_END.length - 1)]);
    this.complete = joined.includes(HEAD_END) || chunk.includes(HEAD_END);
    const keep = HEAD_END.length - 1;
    this.tail = chunk.length >= keep ? chunk.subarray(-keep) : Buffer.concat([this.tail, chunk]).subarray(-keep);
  }
}

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
  /** Whether the response's head is complete: a close before that is Tornado's "Stream closed", after it "Connection closed". */
  private readonly head = new HeadWatch();

  constructor(
    private readonly client: AsyncHTTPClient,
    private readonly fetch: Fetch,
    release: () => void,
  ) {
    this.ioLoop = client.ioLoop;
    this.startTime = this.ioLoop.time();
    this.releaseCallback = release;
    this.finalCallback = fetch.done;
    // As Tornado's _HTTPConnection, the request starts on the next loop turn.
    this.ioLoop.addCallback(this.run);
  }

  private readonly run = (): void => {
    try {
      this.start();
    } catch (err) {
      this.handleException(err);
    }
  };

  private start(): void {
    const target = targetOf(this.fetch.request.url);
    this.target = target;
    const reused = this.client.pool.checkout(poolKey(target));
    if (reused) {
      this.onConnect(reused);
      return;
    }
    const connectWait = Math.min(this.fetch.connectTimeout || Infinity, this.fetch.requestTimeout || Infinity);
    if (Number.isFinite(connectWait)) {
      this.timeout = this.ioLoop.callAt(this.startTime + connectWait, this.onTimeout, 'while connecting');
    }
    const stream = new IOStream(socketWithCopiedReads({ allowHalfOpen: true }), { ioLoop: this.ioLoop });
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
      const requestTimeout = this.fetch.requestTimeout;
      if (requestTimeout) this.timeout = this.ioLoop.callAt(this.startTime + requestTimeout, this.onTimeout, 'during request');
      stream.write(encodeGetRequest(this.target!, { keepAlive: true }));
      stream.readBytes(READ_CHUNK, this.onData, PARTIAL);
    } catch (err) {
      this.handleException(err);
    }
  }

  private readonly onData = (chunk: Buffer): void => {
    if (this.finalCallback === null) return;
    this.head.push(chunk);
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
      // Tornado: the socket's own error if there was one; else "Stream closed" while it waited for the head (its
      // read of the head fails), "Connection closed" once the head was in (its delegate hears of the close).
      const message = this.head.complete ? 'Connection closed' : 'Stream closed';
      this.handleException(stream.error ?? new HTTPStreamClosedError(message, { cause: incomplete }));
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
    const { request } = this.fetch;
    this.runCallback(new HTTPResponse(request, data.status, { reason: data.reason, headers: data.headers, body: data.body, requestTime }));
  }

  /** Every failure ends here: the caller gets a 599 carrying the error, and the connection is not reused. */
  private handleException(err: unknown): void {
    if (this.finalCallback === null) return;
    this.removeTimeout();
    const error = err instanceof Error ? err : new HttpProtocolError(String(err));
    this.runCallback(new HTTPResponse(this.fetch.request, 599, { error, requestTime: this.ioLoop.time() - this.startTime }));
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
