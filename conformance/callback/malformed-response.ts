// A response that is not HTTP: Tornado 5.1 drops the connection and leaves the request to its request_timeout, so the
// callback gets 599 "Timeout during request" only once the timeout has run out.
import { emit } from '../lib/transcript.ts';
import { httpCase } from '../lib/callback-case.ts';
import { HTTPRequest, IOLoop, type AsyncHTTPClient, type HTTPResponse } from '../../impls/callback/index.ts';

const loop = IOLoop.current();

function garbage(s: import('node:net').Socket): void {
  s.write('NOT HTTP AT ALL\r\n\r\n');
  setTimeout(() => s.end(), 500);
}

function body(base: string, client: AsyncHTTPClient): void {
  const start = loop.time();

  function onResponse(response: HTTPResponse): void {
    emit('response', response.code, response.error);
    emit('after the 0.3 s request timeout', loop.time() - start >= 0.3);
    loop.stop();
  }

  client.fetch(new HTTPRequest(`${base}/`, { requestTimeout: 0.3 }), onResponse);
}

httpCase({ '/': garbage }, body);
