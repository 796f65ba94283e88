// Two fetches one after the other to the same server: simple_httpclient (Tornado's default client) sends
// "Connection: close" and opens a connection per request.
import { emit } from '../lib/transcript.ts';
import { httpCase } from '../lib/callback-case.ts';
import { IOLoop, type AsyncHTTPClient, type HTTPResponse } from '../../impls/callback/index.ts';

const OK = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';
let connections = 0;

function ok(s: import('node:net').Socket): void {
  connections++;
  s.write(OK);
  s.on('data', () => s.write(OK)); // answer every request on this connection until the client closes it
}

function body(base: string, client: AsyncHTTPClient): void {
  function second(response: HTTPResponse): void {
    emit('second', response.code);
    IOLoop.current().stop();
  }

  client.fetch(`${base}/`, (response) => {
    emit('first', response.code);
    client.fetch(`${base}/`, second);
  });
}

httpCase({ '/': ok }, body, () => emit('connections the server accepted', connections));
