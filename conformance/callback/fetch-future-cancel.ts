// cancel() on the Future a fetch with a callback returned: it answers true and the Future is cancelled at once, but
// the request goes on underneath, the fetch callback never runs, and the loop logs the CancelledError that the
// client's own done callback meets (asyncio logs it: it runs done callbacks itself).
import { emit, errName } from '../lib/transcript.ts';
import { httpCase } from '../lib/callback-case.ts';
import { IOLoop, type AsyncHTTPClient } from '../../impls/callback/index.ts';

let served = false;

function slow(s: import('node:net').Socket): void {
  setTimeout(() => {
    s.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    served = true;
  }, 100);
}

function body(base: string, client: AsyncHTTPClient): void {
  const f = client.fetch(`${base}/slow`, (response) => emit('fetch callback ran', response.code));
  emit('cancel()', f.cancel(), 'cancelled', f.cancelled(), 'done', f.done());
  try {
    f.result();
  } catch (e) {
    emit('result() raises', errName(e));
  }
  emit('cancel() again', f.cancel());
  IOLoop.current().callLater(0.6, () => IOLoop.current().stop());
}

httpCase({ '/slow': slow }, body, () => emit('the server still answered', served));
