// fetch(request, callback) also returns a Future. It is done before the callback runs: done callbacks run first (in the
// order added), then the fetch callback, then what IOLoop.addFuture scheduled. With raiseError (the default) a failed
// request's Future holds the error (the same object as the callback's response.error); with raiseError: false it
// holds the response. result() on a pending Future raises InvalidStateError.
import { emit, errName } from '../lib/transcript.ts';
import { httpCase } from '../lib/callback-case.ts';
import { freePort, type Route } from '../lib/peers.ts';
import { IOLoop, type AsyncHTTPClient, type Future, type HTTPResponse } from '../../impls/callback/index.ts';

const loop = IOLoop.current();
const routes: Record<string, Route> = {
  '/ok': 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok',
  '/404': 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n',
};

function body(base: string, client: AsyncHTTPClient, refused: string): void {
  const futures = new Map<string, Future<HTTPResponse>>();

  function onOk(response: HTTPResponse): void {
    const f = futures.get('ok')!;
    emit('fetch callback', response.code, 'future done', f.done(), 'result is the response', f.result() === response);
    futures.set('404', client.fetch(`${base}/404`, on404));
  }

  function on404(response: HTTPResponse): void {
    const f = futures.get('404')!;
    emit('fetch callback', response.code, 'future exception', f.exception(), 'is response.error', f.exception() === response.error);
    futures.set('404 no raise', client.fetch(`${base}/404`, on404NoRaise, { raiseError: false }));
  }

  function on404NoRaise(response: HTTPResponse): void {
    emit('fetch callback', response.code, 'raise_error=False: future result', futures.get('404 no raise')!.result().code);
    futures.set('refused', client.fetch(refused, onRefused));
  }

  function onRefused(response: HTTPResponse): void {
    const f = futures.get('refused')!;
    emit('fetch callback', response.code, 'future exception', f.exception(), 'is response.error', f.exception() === response.error);
    loop.stop();
  }

  const f = client.fetch(`${base}/ok`, onOk);
  futures.set('ok', f);
  emit('fetch returned', f.constructor.name, 'done', f.done(), 'cancelled', f.cancelled());
  try {
    f.result();
  } catch (e) {
    emit('result() while pending raises', errName(e));
  }
  f.addDoneCallback((fut) => emit('done callback 1, done', fut.done()));
  f.addDoneCallback(() => emit('done callback 2'));
  loop.addFuture(f, (fut) => emit('add_future callback, result code', fut.result().code));
}

freePort((refusedPort) => httpCase(routes, (base, client) => body(base, client, `http://127.0.0.1:${refusedPort}/`)));
