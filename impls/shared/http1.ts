/**
 * A small HTTP/1.1 client codec shared by every style, so the styles differ only in how they wait for bytes.
 *
 * It does no I/O: a style writes `encodeGetRequest(...)` to its own stream, then pushes every chunk it reads into a
 * `ResponseParser` until `done`. Bodies are assembled with as few copies as the framing allows: a Content-Length
 * body is copied once into a buffer of its final size (or not at all when it arrived in one chunk).
 */

export interface RequestTarget {
  host: string;
  port: number;
  /** Path plus query, e.g. "/bytes/1024". */
  path: string;
}

export function targetOf(url: string | URL): RequestTarget {
  const u = typeof url === 'string' ? new URL(url) : url;
  if (u.protocol !== 'http:') throw new HttpProtocolError(`only http: URLs are supported, got ${u.protocol}`);
  // URL keeps IPv6 hosts bracketed ("[::1]"); sockets want them bare.
  const host = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
  return { host, port: u.port ? Number(u.port) : 80, path: `${u.pathname}${u.search}` };
}

export function encodeGetRequest(target: RequestTarget, options: { keepAlive?: boolean } = {}): Buffer {
  const keepAlive = options.keepAlive ?? true;
  const hostHeader = target.host.includes(':') ? `[${target.host}]:${target.port}` : `${target.host}:${target.port}`;
  return Buffer.from(
    `GET ${target.path} HTTP/1.1\r\nHost: ${hostHeader}\r\nConnection: ${keepAlive ? 'keep-alive' : 'close'}\r\n` +
      `Accept: */*\r\nUser-Agent: concurrency-testbed\r\n\r\n`,
    'latin1',
  );
}

export class HttpProtocolError extends Error {
  override name = 'HttpProtocolError';
  readonly code = 'PROTOCOL';
}

/** The response's head or body is larger than the client accepts (ResponseLimits): refused before it is buffered. */
export class ResponseTooLargeError extends Error {
  override name = 'ResponseTooLargeError';
  readonly code = 'TOO_LARGE';
}

/** The connection ended before the response was complete. */
export class IncompleteResponseError extends Error {
  override name = 'IncompleteResponseError';
  readonly code = 'ECONNRESET';
}

export interface HttpResponseData {
  status: number;
  reason: string;
  /** Header names lower-cased; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
  /** Whether the connection may carry another request. */
  keepAlive: boolean;
}

/**
 * How much of a response a client will hold. A peer's Content-Length is a claim, not a reason to allocate: a body
 * above `maxBodyBytes` is refused when its header arrives (Content-Length) or as soon as it grows past the limit
 * (chunked, close-delimited). Defaults follow Tornado: 64 KiB of head (max_header_size) and 100 MiB of body
 * (max_body_size).
 */
export interface ResponseLimits {
  maxHeadBytes?: number;
  maxBodyBytes?: number;
}

export const DEFAULT_LIMITS: Required<ResponseLimits> = { maxHeadBytes: 64 * 1024, maxBodyBytes: 100 * 1024 * 1024 };
const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');

type Framing =
  | { kind: 'length'; remaining: number }
  | { kind: 'chunked'; phase: 'size' | 'data' | 'data-crlf' | 'trailers'; remaining: number }
  | { kind: 'close' }
  | { kind: 'none' };

/**
 * Incremental response parser for one response. Push chunks with `push`; it returns true once the response is
 * complete, after which `response` holds it and `leftover` any bytes that followed it on the wire.
 * Throws HttpProtocolError on malformed input. Call `end()` when the peer closes.
 *
 * The parser may keep views of the chunks it is given (the body is handed out without a copy when it arrived in one
 * chunk), so a caller must not reuse a pushed buffer for later reads. Node's socket 'data' chunks satisfy this.
 */
export class ResponseParser {
  response: HttpResponseData | undefined;
  leftover: Buffer | undefined;

  private head: Buffer | undefined; // bytes of an incomplete head
  private status = 0;
  private reason = '';
  private headers: Record<string, string> = {};
  private keepAlive = true;
  private framing: Framing | undefined;
  private bodyBuf: Buffer | undefined; // preallocated for Content-Length bodies
  private bodyFilled = 0;
  private bodyParts: Buffer[] = []; // chunked and close-delimited bodies
  private pending: Buffer | undefined; // unconsumed bytes of a chunk-size line or trailer line
  private bodySeen = 0; // chunked and close-delimited bodies: bytes so far, against maxBodyBytes
  private readonly maxHeadBytes: number;
  private readonly maxBodyBytes: number;

  constructor(limits: ResponseLimits = {}) {
    this.maxHeadBytes = limits.maxHeadBytes ?? DEFAULT_LIMITS.maxHeadBytes;
    this.maxBodyBytes = limits.maxBodyBytes ?? DEFAULT_LIMITS.maxBodyBytes;
  }

  get done(): boolean {
    return this.response !== undefined;
  }

  /** Feed bytes read from the connection. Returns true when the response is complete. */
  push(chunk: Buffer): boolean {
    if (this.response) throw new HttpProtocolError('data after a complete response');
    let data = chunk;
    if (!this.framing) {
      const rest = this.consumeHead(data);
      if (rest === undefined) return false;
      data = rest;
    }
    this.consumeBody(data);
    return this.done;
  }

  /** The peer closed the connection. Completes a close-delimited body; otherwise an unfinished response is an error. */
  end(): void {
    if (this.response) return;
    if (this.framing?.kind === 'close') {
      this.keepAlive = false;
      this.complete(Buffer.concat(this.bodyParts), undefined);
      return;
    }
    throw new IncompleteResponseError(
      this.framing ? 'connection closed before the response body was complete' : 'connection closed before a response arrived',
    );
  }

  // --- head ---

  /** Returns the bytes after the head, or undefined while the head is still incomplete. */
  private consumeHead(chunk: Buffer): Buffer | undefined {
    const buf = this.head ? Buffer.concat([this.head, chunk]) : chunk;
    // Start the search a little before the new bytes so a terminator split across chunks is found.
    const from = this.head ? Math.max(0, this.head.length - 3) : 0;
    const end = buf.indexOf(HEAD_END, from);
    if (end === -1) {
      if (buf.length > this.maxHeadBytes) throw new ResponseTooLargeError(`response head larger than ${this.maxHeadBytes} bytes`);
      this.head = buf;
      return undefined;
    }
    this.head = undefined;
    this.parseHead(buf.toString('latin1', 0, end));
    const rest = buf.subarray(end + HEAD_END.length);
    if (this.status >= 100 && this.status < 200) {
      // Interim response (e.g. 100 Continue): discard it and parse the real one from what follows.
      this.resetHead();
      return rest.length > 0 ? this.consumeHead(rest) : undefined;
    }
    this.framing = this.chooseFraming();
    return rest;
  }

  private parseHead(text: string): void {
    const lines = text.split('\r\n');
    const statusLine = /^HTTP\/1\.([01]) (\d{3})(?: (.*))?$/.exec(lines[0] ?? '');
    if (!statusLine) throw new HttpProtocolError(`malformed status line: ${JSON.stringify((lines[0] ?? '').slice(0, 80))}`);
    const minor = statusLine[1];
    this.status = Number(statusLine[2]);
    this.reason = statusLine[3] ?? '';
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      const colon = line.indexOf(':');
      if (colon <= 0) throw new HttpProtocolError(`malformed header line: ${JSON.stringify(line.slice(0, 80))}`);
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      this.headers[name] = name in this.headers ? `${this.headers[name]}, ${value}` : value;
    }
    const connection = (this.headers['connection'] ?? '').toLowerCase();
    this.keepAlive = minor === '1' ? !connection.includes('close') : connection.includes('keep-alive');
  }

  private chooseFraming(): Framing {
    if (this.status === 204 || this.status === 304) return { kind: 'none' };
    const te = this.headers['transfer-encoding'];
    if (te !== undefined) {
      if (te.toLowerCase().split(',').pop()?.trim() !== 'chunked') {
        throw new HttpProtocolError(`unsupported transfer-encoding: ${te}`);
      }
      return { kind: 'chunked', phase: 'size', remaining: 0 };
    }
    const cl = this.headers['content-length'];
    if (cl !== undefined) {
      if (!/^\d+$/.test(cl)) throw new HttpProtocolError(`bad content-length: ${cl}`);
      const length = Number(cl);
      if (length > this.maxBodyBytes) throw new ResponseTooLargeError(`Content-Length ${cl} is above the ${this.maxBodyBytes}-byte body limit`);
      return { kind: 'length', remaining: length };
    }
    this.keepAlive = false;
    return { kind: 'close' };
  }

  private resetHead(): void {
    this.status = 0;
    this.reason = '';
    this.headers = {};
  }

  // --- body ---

  private consumeBody(data: Buffer): void {
    const framing = this.framing!;
    switch (framing.kind) {
      case 'none':
        this.complete(Buffer.alloc(0), data);
        return;
      case 'close':
        if (data.length > 0) this.pushBodyPart(data);
        return;
      case 'length':
        this.consumeLength(framing, data);
        return;
      case 'chunked':
        this.consumeChunked(framing, data);
        return;
    }
  }

  private consumeLength(framing: { remaining: number }, data: Buffer): void {
    const total = this.bodyFilled + framing.remaining;
    const take = Math.min(framing.remaining, data.length);
    if (this.bodyBuf === undefined && take === total) {
      // The whole body is in this one chunk: hand out a view, no copy.
      framing.remaining = 0;
      this.complete(data.subarray(0, take), data.subarray(take));
      return;
    }
    this.bodyBuf ??= Buffer.allocUnsafe(total);
    data.copy(this.bodyBuf, this.bodyFilled, 0, take);
    this.bodyFilled += take;
    framing.remaining -= take;
    if (framing.remaining === 0) this.complete(this.bodyBuf, data.subarray(take));
  }

  private consumeChunked(
    framing: { phase: 'size' | 'data' | 'data-crlf' | 'trailers'; remaining: number },
    input: Buffer,
  ): void {
    let data = input;
    while (!this.response) {
      if (framing.phase === 'data') {
        const take = Math.min(framing.remaining, data.length);
        if (take > 0) this.pushBodyPart(data.subarray(0, take));
        framing.remaining -= take;
        data = data.subarray(take);
        if (framing.remaining > 0) return;
        framing.phase = 'data-crlf';
        continue;
      }
      const line = this.takeLine(data);
      if (line === undefined) return;
      data = line.rest;
      if (framing.phase === 'data-crlf') {
        if (line.text !== '') throw new HttpProtocolError('missing CRLF after chunk data');
        framing.phase = 'size';
      } else if (framing.phase === 'size') {
        const size = parseInt(line.text.split(';')[0]!.trim(), 16);
        if (!Number.isFinite(size) || size < 0) throw new HttpProtocolError(`bad chunk size: ${line.text.slice(0, 40)}`);
        if (size === 0) framing.phase = 'trailers';
        else Object.assign(framing, { phase: 'data', remaining: size });
      } else if (line.text === '') {
        this.complete(Buffer.concat(this.bodyParts), data);
      }
    }
  }

  private pushBodyPart(part: Buffer): void {
    this.bodySeen += part.length;
    if (this.bodySeen > this.maxBodyBytes) throw new ResponseTooLargeError(`response body larger than the ${this.maxBodyBytes}-byte limit`);
    this.bodyParts.push(part);
  }

  /** A CRLF-terminated line, buffering partial lines across pushes. */
  private takeLine(data: Buffer): { text: string; rest: Buffer } | undefined {
    const buf = this.pending ? Buffer.concat([this.pending, data]) : data;
    const at = buf.indexOf(CRLF);
    if (at === -1) {
      if (buf.length > 8 * 1024) throw new HttpProtocolError('chunk-size or trailer line too long');
      this.pending = buf;
      return undefined;
    }
    this.pending = undefined;
    return { text: buf.toString('latin1', 0, at), rest: buf.subarray(at + 2) };
  }

  private complete(body: Buffer, leftover: Buffer | undefined): void {
    this.response = { status: this.status, reason: this.reason, headers: this.headers, body, keepAlive: this.keepAlive };
    this.leftover = leftover && leftover.length > 0 ? leftover : undefined;
  }
}
