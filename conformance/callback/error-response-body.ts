// A response with no HTTP message behind it (code 599: refused, reset, timed out) has no body at all: response.body is
// null, not empty. Code that uses the body without first checking response.error fails on it. A non-2xx response
// keeps the body the server sent, and an empty 200 has an empty body.
import { emit } from '../lib/transcript.ts';
import { httpCase } from '../lib/callback-case.ts';
import { freePort, type Route } from '../lib/peers.ts';
import { IOLoop, type AsyncHTTPClient, type HTTPResponse } from '../../impls/callback/index.ts';

const routes: Record<string, Route> = {
  '/404': 'HTTP/1.1 404 Not Found\r\nContent-Length: 7\r\n\r\nmissing',
  '/empty': 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n',
};

function body(base: string, client: AsyncHTTPClient, refused: string): void {
  const urls = [`${base}/404`, `${base}/empty`, refused];

  function fetchNext(response?: HTTPResponse): void {
    if (response !== undefined) emit('response', response.code, 'body', response.body, 'body is None', response.body === null);
    const url = urls.shift();
    if (url !== undefined) client.fetch(url, fetchNext);
    else IOLoop.current().stop();
  }

  fetchNext();
}

freePort((refusedPort) => httpCase(routes, (base, client) => body(base, client, `http://127.0.0.1:${refusedPort}/`)));
