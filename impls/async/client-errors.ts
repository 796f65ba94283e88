/**
 * The HTTP client's errors: aiohttp 3.8's hierarchy, so that ported `except aiohttp.ClientError` code has a class
 * to catch, and each failure keeps what caused it (`cause`: the socket's error, the codec's) for the contract's
 * error codes (adapter.ts).
 *
 *   ClientError
 *   ├── ClientResponseError        a response that is an error: raiseForStatus(), or malformed HTTP (status 400)
 *   ├── ClientConnectionError
 *   │   ├── ClientOSError          the socket failed (errno/code of the socket's error), e.g. reset before a response
 *   │   │   └── ClientConnectorError   the connection could not be made (refused, unreachable)
 *   │   └── ServerConnectionError
 *   │       ├── ServerDisconnectedError   the server closed the connection before the response's head
 *   │       └── ServerTimeoutError        a connect or socket-read timeout; also a TimeoutError, as in aiohttp
 *   ├── ClientPayloadError         the body ended early (closed or reset mid-body)
 *   └── InvalidURL                 a URL the client cannot fetch; also a ValueError, as in aiohttp
 *
 * A deadline on the whole request (ClientTimeout.total) raises the layer's plain TimeoutError, as aiohttp raises
 * asyncio.TimeoutError.
 */
import { TimeoutError, ValueError, alsoCountsAs } from './errors.ts';

export class ClientError extends Error {
  override name = 'ClientError';
}

/** What a request was, for ClientResponseError (aiohttp's RequestInfo, without headers). */
export interface RequestInfo {
  url: string;
  method: string;
}

export class ClientResponseError extends ClientError {
  override name = 'ClientResponseError';
  readonly status: number;
  readonly headers: Readonly<Record<string, string>> | undefined;

  /** `message` is what aiohttp puts there: the reason phrase, or what was wrong with the response. */
  constructor(
    readonly requestInfo: RequestInfo,
    options: { status: number; message: string; headers?: Readonly<Record<string, string>>; cause?: unknown },
  ) {
    super(options.message, options.cause === undefined ? {} : { cause: options.cause });
    this.status = options.status;
    this.headers = options.headers;
  }

  override toString(): string {
    return `${this.name}: ${this.status}, message='${this.message}', url='${this.requestInfo.url}'`;
  }
}

export class ClientConnectionError extends ClientError {
  override name = 'ClientConnectionError';
}

/** A socket error, carrying its `code`, `errno` and `syscall` (Python's OSError fields) and the error as `cause`. */
export class ClientOSError extends ClientConnectionError {
  override name = 'ClientOSError';
  readonly code: string | undefined;
  readonly errno: number | undefined;
  readonly syscall: string | undefined;

  constructor(message: string, osError: unknown) {
    super(message, { cause: osError });
    const e = (typeof osError === 'object' && osError !== null ? osError : {}) as { code?: unknown; errno?: unknown; syscall?: unknown };
    this.code = typeof e.code === 'string' ? e.code : undefined;
    this.errno = typeof e.errno === 'number' ? e.errno : undefined;
    this.syscall = typeof e.syscall === 'string' ? e.syscall : undefined;
  }

  /** The socket's error wrapped, unless it already is a client error. */
  static wrap(err: unknown): unknown {
    if (err instanceof ClientError || !(err instanceof Error)) return err;
    return new ClientOSError(err.message, err);
  }
}

/** The connection to host:port could not be made; `osError` says why (ECONNREFUSED, ...). */
export class ClientConnectorError extends ClientOSError {
  override name = 'ClientConnectorError';

  constructor(
    readonly host: string,
    readonly port: number,
    readonly osError: unknown,
  ) {
    super(`Cannot connect to host ${host}:${port} ssl:default [${osError instanceof Error ? osError.message : String(osError)}]`, osError);
  }
}

export class ServerConnectionError extends ClientConnectionError {
  override name = 'ServerConnectionError';
}

export class ServerDisconnectedError extends ServerConnectionError {
  override name = 'ServerDisconnectedError';

  constructor(message = 'Server disconnected', options?: ErrorOptions) {
    super(message, options);
  }
}

/** A connect or socket-read timeout. `instanceof TimeoutError` holds too (aiohttp's has two bases). */
export class ServerTimeoutError extends ServerConnectionError {
  override name = 'ServerTimeoutError';
  readonly code = 'TIMEOUT';
}
alsoCountsAs(TimeoutError, ServerTimeoutError);

export class ClientPayloadError extends ClientError {
  override name = 'ClientPayloadError';
}

/** A URL the client cannot fetch (malformed, or not http:). `instanceof ValueError` holds too, as in aiohttp. */
export class InvalidURL extends ClientError {
  override name = 'InvalidURL';

  constructor(
    readonly url: string,
    options?: ErrorOptions,
  ) {
    super(url, options);
  }
}
alsoCountsAs(ValueError, InvalidURL);
