/**
 * A response, and how it is read off a connection: the shared codec parses, this module maps what goes wrong onto
 * aiohttp's errors (client-errors.ts) the way aiohttp 3.8 raises them.
 */
import { IncompleteResponseError, ResponseParser, type HttpResponseData } from '../shared/http1.ts';
import { ClientOSError, ClientPayloadError, ClientResponseError, ServerDisconnectedError, ServerTimeoutError, type RequestInfo } from './client-errors.ts';
import { CancelledError, TimeoutError } from './errors.ts';
import { withDeadline } from './deadline.ts';
import type { StreamReader } from './stream-reader.ts';

const READ_SIZE = 64 * 1024;
const HEAD_END = Buffer.from('\r\n\r\n');

export class ClientResponse {
  readonly status: number;
  readonly reason: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  readonly requestInfo: RequestInfo;

  constructor(
    readonly url: string,
    data: HttpResponseData,
  ) {
    this.status = data.status;
    this.reason = data.reason;
    this.headers = data.headers;
    this.body = data.body;
    this.requestInfo = { url, method: 'GET' };
  }

  get ok(): boolean {
    return this.status >= 200 && this.status <= 299;
  }

  /** ClientResponseError for a status of 400 or more, as aiohttp's raise_for_status. */
  raiseForStatus(): void {
    if (this.status >= 400) throw new ClientResponseError(this.requestInfo, { status: this.status, message: this.reason, headers: this.headers });
  }

  /** The body (already read: see httpclient.ts). `await resp.read()` ports as it is. */
  read(): Buffer {
    return this.body;
  }

  /** The body as UTF-8 text. `await resp.text()` ports as it is. */
  text(): string {
    return this.body.toString('utf8');
  }
}

/** What reading a response left behind, for the connector's decision to keep the connection. */
export interface ReadOutcome {
  data: HttpResponseData;
  /** Whether the connection can carry another request. */
  reusable: boolean;
}

/** Where a response read stands, for the caller's retry decision and for naming a failure as aiohttp does. */
export class ResponseRead {
  /** Any byte of the response arrived. */
  gotBytes = false;
  /** The whole head (status line and headers) arrived. */
  private headSeen = false;
  private headTail: Buffer | undefined;

  constructor(private readonly requestInfo: RequestInfo) {}

  /**
   * Reads one response from `reader`, each read within `sockReadMs` if given. Throws ServerDisconnectedError (closed
   * before the head), ClientPayloadError (body cut short), ClientOSError (socket error before the body),
   * ServerTimeoutError (a read took longer than sockReadMs) or ClientResponseError (malformed, status 400).
   */
  async readFrom(reader: StreamReader, sockReadMs: number | undefined): Promise<ReadOutcome> {
    const parser = new ResponseParser();
    for (;;) {
      let chunk: Buffer;
      try {
        chunk = sockReadMs === undefined ? await reader.read(READ_SIZE) : await withDeadline(sockReadMs, readChunk, reader);
      } catch (err) {
        throw this.readFailure(err);
      }
      if (chunk.length === 0) {
        try {
          parser.end();
        } catch (err) {
          throw this.parseFailure(err);
        }
        break;
      }
      this.gotBytes = true;
      if (!this.headSeen) this.watchForHeadEnd(chunk);
      let complete: boolean;
      try {
        complete = parser.push(chunk);
      } catch (err) {
        throw this.parseFailure(err);
      }
      if (complete) break;
    }
    const data = parser.response!;
    return { data, reusable: data.keepAlive && parser.leftover === undefined && reader.buffered === 0 };
  }

  private readFailure(err: unknown): unknown {
    if (err instanceof CancelledError) return err;
    if (err instanceof TimeoutError) return new ServerTimeoutError('Timeout on reading data from socket', { cause: err });
    return this.headSeen ? new ClientPayloadError('Response payload is not completed', { cause: err }) : ClientOSError.wrap(err);
  }

  private parseFailure(err: unknown): unknown {
    if (err instanceof IncompleteResponseError) {
      return this.headSeen ? new ClientPayloadError('Response payload is not completed', { cause: err }) : new ServerDisconnectedError(undefined, { cause: err });
    }
    return new ClientResponseError(this.requestInfo, { status: 400, message: err instanceof Error ? err.message : String(err), cause: err });
  }

  /** Notes when the blank line ending the head has arrived (it may straddle chunks). */
  private watchForHeadEnd(chunk: Buffer): void {
    const seen = this.headTail ? Buffer.concat([this.headTail, chunk]) : chunk;
    if (seen.indexOf(HEAD_END) !== -1) {
      this.headSeen = true;
      this.headTail = undefined;
    } else {
      this.headTail = seen.subarray(Math.max(0, seen.length - (HEAD_END.length - 1)));
    }
  }
}

function readChunk(reader: StreamReader): Promise<Buffer> {
  return reader.read(READ_SIZE);
}
