// fetch(url, callback) never raises for a failed request: the callback gets an HTTPResponse. A non-2xx status keeps
// its code, body and an HTTPClientError ("HTTP 404: Not Found") that rethrow() raises; a failure with no response is
// code 599 whose error is the socket's own (refused, reset), or HTTPStreamClosedError: "Stream closed" when the peer
// closed before the response's head was complete, "Connection closed" when it closed inside the body. A 599 has no
// body at all (null, not empty): code that uses the body without checking response.error fails on it.
import { emit, errName } from '../lib/transcript.ts';
import { httpCase } from '../lib/callback-case.ts';
import { freePort, type Route } from '../lib/peers.ts';
import { IOLoop, type AsyncHTTPClient, type HTTPResponse } from '../../impls/callback/index.ts';

const routes: Record<string, Route> = {
  '/404': 'HTTP/1.1 404 Not Found\r\nContent-Length: 7\r\n\r\nmissing',
  '/close': '',
  '/half-head': 'HTTP/1.1 200 OK\r\nContent-Le',
  '/cut': 'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial',
  '/reset': (s) => s.resetAndDestroy(),
};

freePort((refusedPort) => httpCase(routes, (base, client) => body(base, client, refusedPort)));

function body(base: string, client: AsyncHTTPClient, refusedPort: number): void {
  const urls = [...Object.keys(routes).map((path) => base + path), `http://127.0.0.1:${refusedPort}/`];

  function fetchNext(response?: HTTPResponse): void {
    if (response !== undefined) {
      emit('response', response.code, 'error', response.error, String(response.error?.message));
      emit('body', response.body);
      try {
        response.rethrow();
      } catch (e) {
        emit('rethrow raises', errName(e));
      }
    }
    const url = urls.shift();
    if (url !== undefined) client.fetch(url, fetchNext);
    else IOLoop.current().stop();
  }

  fetchNext();
}
