// A fetch without a callback whose Future fails and is never looked at: asyncio logs "Future exception was never
// retrieved" when the Future is garbage-collected (CPython collects it as soon as the last reference goes).
import { emit } from '../lib/transcript.ts';
import { httpCase } from '../lib/callback-case.ts';
import { IOLoop, type AsyncHTTPClient } from '../../impls/callback/index.ts';

function body(base: string, client: AsyncHTTPClient): void {
  client.fetch(`${base}/`); // the Future is dropped at once
  IOLoop.current().callLater(0.3, () => IOLoop.current().stop());
}

httpCase({ '/': 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n' }, body, () => emit('done'));
