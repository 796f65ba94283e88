// Timeouts are 599 responses carrying HTTPTimeoutError: "Timeout during request" when the answer is late (counted
// from the moment the request left the queue), "Timeout in request queue" when a request waits for one of maxClients
// slots longer than min(connectTimeout, requestTimeout), counted from fetch(). Each callback runs exactly once,
// even when the server closes the connection after the timeout fired. requestTime is in seconds.
import { emit } from '../lib/transcript.ts';
import { httpCase } from '../lib/callback-case.ts';
import type { Route } from '../lib/peers.ts';
import { HTTPRequest, IOLoop, type AsyncHTTPClient, type HTTPResponse } from '../../impls/callback/index.ts';

const routes: Record<string, Route> = {
  '/late': (s) => setTimeout(() => s.end(), 400), // then close without answering: after the 0.1 s request timeout
  '/slow': (s) => setTimeout(() => s.end('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nslow'), 300),
};

const loop = IOLoop.current();
const calls: string[] = [];

function onResponse(name: string, low: number, high: number): (response: HTTPResponse) => void {
  return (response) => {
    calls.push(name);
    emit(name, response.code, response.error, String(response.error?.message ?? 'None'));
    emit(`request_time in [${low}, ${high}) s`, low <= response.requestTime && response.requestTime < high);
  };
}

function body(base: string, client: AsyncHTTPClient): void {
  function phaseTwo(): void {
    client.fetch(new HTTPRequest(`${base}/slow`, { connectTimeout: 0.1, requestTimeout: 2 }), onResponse('slow', 0.3, 1.5));
    client.fetch(new HTTPRequest(`${base}/slow`, { connectTimeout: 0.1, requestTimeout: 2 }), onResponse('queued', 0.1, 1));
  }

  client.fetch(new HTTPRequest(`${base}/late`, { requestTimeout: 0.1 }), onResponse('late', 0.1, 1));
  loop.callLater(0.6, phaseTwo);
  loop.callLater(2, () => loop.stop());
}

httpCase(routes, body, () => emit('callbacks', calls), { maxClients: 1 });
