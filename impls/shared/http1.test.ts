import { describe, expect, it } from 'vitest';
import { encodeGetRequest, HttpProtocolError, IncompleteResponseError, ResponseParser, ResponseTooLargeError, targetOf } from './http1.ts';

const b = (s: string): Buffer => Buffer.from(s, 'latin1');

/** Feeds `wire` to a fresh parser in pieces of `step` bytes; returns the parser. */
function parseInPieces(wire: Buffer, step: number): ResponseParser {
  const parser = new ResponseParser();
  for (let i = 0; i < wire.length && !parser.done; i += step) parser.push(Buffer.from(wire.subarray(i, i + step)));
  return parser;
}

describe('HTTP/1.1 codec', () => {
  it('encodes a keep-alive GET with host and path', () => {
    const text = encodeGetRequest(targetOf('http://127.0.0.1:8080/bytes/10?i=3')).toString('latin1');
    expect(text).toMatch(/^GET \/bytes\/10\?i=3 HTTP\/1\.1\r\n/);
    expect(text).toContain('Host: 127.0.0.1:8080\r\n');
    expect(text).toContain('Connection: keep-alive\r\n');
    expect(text.endsWith('\r\n\r\n')).toBe(true);
  });

  it('brackets IPv6 hosts in the Host header', () => {
    const target = targetOf('http://[::1]:9000/x');
    expect(target.host).toBe('::1');
    expect(encodeGetRequest(target).toString('latin1')).toContain('Host: [::1]:9000\r\n');
  });

  it.each([1, 2, 7, 1000])('parses a Content-Length response fed %i bytes at a time', (step) => {
    const wire = b('HTTP/1.1 200 OK\r\nContent-Length: 11\r\nX-A: 1\r\n\r\nhello world');
    const parser = parseInPieces(wire, step);
    expect(parser.response).toMatchObject({ status: 200, reason: 'OK', keepAlive: true, headers: { 'x-a': '1' } });
    expect(parser.response!.body.toString()).toBe('hello world');
  });

  it.each([1, 3, 5, 1000])('parses a chunked response with extensions and trailers, %i bytes at a time', (step) => {
    const wire = b('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-T: y\r\n\r\n');
    const parser = parseInPieces(wire, step);
    expect(parser.response!.body.toString()).toBe('hello world');
  });

  it('returns the bytes after a response as leftover, for pipelined reads', () => {
    const parser = new ResponseParser();
    expect(parser.push(b('HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 200 OK'))).toBe(true);
    expect(parser.response!.body.length).toBe(0);
    expect(parser.leftover!.toString()).toBe('HTTP/1.1 200 OK');
  });

  it('reads a close-delimited body up to end()', () => {
    const parser = new ResponseParser();
    parser.push(b('HTTP/1.1 200 OK\r\n\r\npart one, '));
    parser.push(b('part two'));
    expect(parser.done).toBe(false);
    parser.end();
    expect(parser.response).toMatchObject({ keepAlive: false });
    expect(parser.response!.body.toString()).toBe('part one, part two');
  });

  it('honours Connection: close and HTTP/1.0 defaults', () => {
    const closeParser = parseInPieces(b('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'), 100);
    expect(closeParser.response!.keepAlive).toBe(false);
    const oldParser = parseInPieces(b('HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n'), 100);
    expect(oldParser.response!.keepAlive).toBe(false);
  });

  it('skips an interim 100 Continue', () => {
    const parser = parseInPieces(b('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'), 4);
    expect(parser.response).toMatchObject({ status: 200 });
  });

  it('calls a body cut short by the peer an IncompleteResponseError (a reset)', () => {
    const parser = new ResponseParser();
    parser.push(b('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this'));
    expect(() => parser.end()).toThrow(IncompleteResponseError);
    expect(() => new ResponseParser().end()).toThrow(/before a response arrived/);
  });

  it.each([
    ['a malformed status line', 'HTTP/2 200 OK\r\n\r\n'],
    ['a header without a colon', 'HTTP/1.1 200 OK\r\nbogus\r\n\r\n'],
    ['a bad content-length', 'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n'],
    ['a bad chunk size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
  ])('rejects %s with HttpProtocolError', (_what, wire) => {
    expect(() => new ResponseParser().push(b(wire))).toThrow(HttpProtocolError);
  });

  it('rejects a head that never ends', () => {
    const parser = new ResponseParser();
    expect(() => {
      for (let i = 0; i < 100; i++) parser.push(Buffer.alloc(1024, 0x61));
    }).toThrow(ResponseTooLargeError);
  });

  it('refuses a Content-Length above the body limit when the head arrives, before allocating anything', () => {
    const parser = new ResponseParser({ maxBodyBytes: 1000 });
    expect(() => parser.push(b('HTTP/1.1 200 OK\r\nContent-Length: 1001\r\n\r\n'))).toThrow(/Content-Length 1001 is above the 1000-byte body limit/);
    // The default is Tornado's max_body_size, 100 MiB: a 2.8 GiB claim must not reach Buffer.allocUnsafe.
    expect(() => new ResponseParser().push(b('HTTP/1.1 200 OK\r\nContent-Length: 3000000000\r\n\r\n'))).toThrow(ResponseTooLargeError);
    expect(new ResponseParser({ maxBodyBytes: 1000 }).push(b(`HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n${'x'.repeat(1000)}`))).toBe(true);
  });

  it.each([
    ['chunked', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n', (n: number) => `${n.toString(16)}\r\n${'x'.repeat(n)}\r\n`],
    ['close-delimited', 'HTTP/1.1 200 OK\r\n\r\n', (n: number) => 'x'.repeat(n)],
  ])('stops a %s body as soon as it grows past the body limit', (_kind, head, piece) => {
    const parser = new ResponseParser({ maxBodyBytes: 1000 });
    parser.push(b(head));
    for (let i = 0; i < 3; i++) parser.push(b(piece(300)));
    expect(() => parser.push(b(piece(300)))).toThrow(ResponseTooLargeError);
  });

  it('gives a too-large response its own error code', () => {
    expect(new ResponseTooLargeError('x').code).toBe('TOO_LARGE');
  });
});
