// A 302: Tornado follows redirects by default (follow_redirects=True, up to max_redirects=5) and hands back the final
// response.
import { emit } from '../lib/transcript.ts';
import { httpCase } from '../lib/callback-case.ts';
import { IOLoop, type HTTPResponse } from '../../impls/callback/index.ts';

const routes = {
  '/here': 'HTTP/1.1 302 Found\r\nLocation: /there\r\nContent-Length: 0\r\n\r\n',
  '/there': 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nthere',
};

function done(response: HTTPResponse): void {
  emit('response', response.code, response.error, response.body);
  IOLoop.current().stop();
}

httpCase(routes, (base, client) => client.fetch(`${base}/here`, done));
