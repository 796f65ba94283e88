// A client that fetched and is never closed: Tornado says nothing (its simple_httpclient keeps no connection open),
// and the process ends when the script does.
import { emit } from '../lib/transcript.ts';
import { httpServer } from '../lib/peers.ts';
import { AsyncHTTPClient, IOLoop } from '../../impls/callback/index.ts';

const loop = IOLoop.current();
const client = new AsyncHTTPClient(); // reachable to the end, as the Python script's global: reported at exit

// The route writes its answer and keeps the connection open.
httpServer({ '/': (s) => s.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok') }, (port) => {
  client.fetch(`http://127.0.0.1:${port}/`, (response) => {
    emit('response', response.code);
    loop.stop();
  });
  loop.addStopListener(() => emit('script ends without closing the client'));
  loop.start();
});
