/**
 * A green HTTP/1.1 GET client with keep-alive connection reuse, after geventhttpclient: `HttpClient` talks to one
 * host:port and keeps idle connections for reuse; `HttpClientPool` hands out one client per host:port.
 * Framing is the shared codec's (impls/shared/http1.ts); this module only decides when to wait for bytes and what
 * to do with a connection afterwards.
 *
 * A connection goes back to the idle list only after a complete response that allows keep-alive with nothing
 * after it on the wire; any error, Timeout or kill closes it, since its state is then unknown. An idle connection
 * does not keep the process alive (a finished program exits, as a Python one does with sockets open); a client left
 * unclosed is named on stderr at exit, as aiohttp names an unclosed session.
 */
import { Greenlet } from './greenlet.ts';
import { encodeGetRequest, ResponseParser, targetOf, type HttpResponseData, type RequestTarget } from '../shared/http1.ts';
import { createConnection, type GreenSocket } from './socket.ts';
import { closed, watchUnclosed, type Closable } from './unclosed.ts';
import type { Green } from './waiter.ts';

export interface HttpClientOptions {
  /** Idle connections kept per host:port (geventhttpclient's concurrency). */
  concurrency?: number;
  /** Seconds to wait for a connection (geventhttpclient's connection_timeout); none by default. */
  connectionTimeout?: number;
}

export class HttpClient implements Closable {
  private readonly idle: GreenSocket[] = [];
  private readonly maxIdle: number;
  private closed = false;
  /** Set once it has opened a connection: from then on, leaving it unclosed is reported. */
  private watched: WeakRef<Closable> | undefined;

  constructor(
    readonly host: string,
    readonly port: number,
    private readonly options: HttpClientOptions = {},
  ) {
    this.maxIdle = options.concurrency ?? 10;
  }

  /** Green thread only. GETs `path` ("/x?y") and returns the whole response, whatever its status. */
  get(path: string): Green<HttpResponseData> {
    return Greenlet.made(this.getBody(path));
  }

  private *getBody(path: string): Green<HttpResponseData> {
    Greenlet.ran();
    return yield* this.request({ host: this.host, port: this.port, path });
  }

  /** @internal */
  *request(target: RequestTarget): Green<HttpResponseData> {
    if (this.closed) throw new Error('HttpClient is closed');
    // A reused connection may have been closed by the server while idle, which only shows once we use it:
    // then, and only if not a byte of the response came back, retry once on a fresh connection.
    for (let attempt = 0; attempt < 2; attempt++) {
      const reused = this.takeIdle();
      const sock = reused ?? (yield* this.connect());
      let keep = false;
      const progress = { received: 0 };
      try {
        yield* sock.sendall(encodeGetRequest(target));
        const parser = yield* readResponse(sock, progress);
        const response = parser.response!;
        keep = response.keepAlive && parser.leftover === undefined;
        return response;
      } catch (err) {
        if (reused !== undefined && progress.received === 0 && attempt === 0 && isConnectionLoss(err)) continue;
        throw err;
      } finally {
        if (keep && !this.closed && this.idle.length < this.maxIdle) this.putIdle(sock);
        else sock.close();
      }
    }
    throw new Error('unreachable: the retry loop returns or throws');
  }

  /** Any context. Closes idle connections; connections in use close when their request ends. */
  close(): void {
    this.closed = true;
    if (this.watched !== undefined) closed(this.watched);
    for (const sock of this.idle.splice(0)) sock.close();
  }

  /** @internal The unclosed-resource warning's words for it. */
  describeUnclosed(): string {
    const n = this.idle.length;
    return `HttpClient for ${this.host}:${this.port} (${n} idle connection${n === 1 ? '' : 's'})`;
  }

  private *connect(): Green<GreenSocket> {
    const sock = yield* createConnection([this.host, this.port], this.options.connectionTimeout);
    this.watched ??= watchUnclosed(this);
    return sock;
  }

  /** An idle connection must not keep the process alive; it holds it again when taken for a request. */
  private putIdle(sock: GreenSocket): void {
    sock.holdProcess(false);
    this.idle.push(sock);
  }

  private takeIdle(): GreenSocket | undefined {
    // Most recently used first: the likeliest to still be open.
    for (let sock = this.idle.pop(); sock !== undefined; sock = this.idle.pop()) {
      if (sock.reusable) {
        sock.holdProcess(true);
        return sock;
      }
      sock.close();
    }
    return undefined;
  }
}

export class HttpClientPool {
  private readonly clients = new Map<string, HttpClient>();

  constructor(private readonly options: HttpClientOptions = {}) {}

  /** Any context. The client for the URL's host:port, created on first use. */
  getClient(url: string | URL): HttpClient {
    const { host, port } = targetOf(url);
    return this.clientFor(host, port);
  }

  /** Green thread only. GETs an absolute http:// URL. */
  get(url: string | URL): Green<HttpResponseData> {
    return Greenlet.made(this.getBody(url));
  }

  private *getBody(url: string | URL): Green<HttpResponseData> {
    Greenlet.ran();
    const target = targetOf(url);
    return yield* this.clientFor(target.host, target.port).request(target);
  }

  close(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }

  private clientFor(host: string, port: number): HttpClient {
    const key = `${host}:${port}`;
    let client = this.clients.get(key);
    if (client === undefined) {
      client = new HttpClient(host, port, this.options);
      this.clients.set(key, client);
    }
    return client;
  }
}

/**
 * @internal HttpClient and urlopen only. Reads one response off `sock` into a parser, which it returns complete;
 * raises the codec's error for a malformed or truncated response. `progress.received` counts the bytes read.
 */
export function* readResponse(sock: GreenSocket, progress: { received: number } = { received: 0 }): Green<ResponseParser> {
  const parser = new ResponseParser();
  // Each pass reads at least one byte or ends at EOF, so this ends with the response.
  for (;;) {
    const chunk = yield* sock.recv(65536);
    if (chunk.length === 0) {
      parser.end();
      return parser;
    }
    progress.received += chunk.length;
    if (parser.push(chunk)) return parser;
  }
}

function isConnectionLoss(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'ECONNRESET' || code === 'EPIPE' || code === 'EBADF';
}
