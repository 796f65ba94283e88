// urllib's urlopen under gevent's monkey.patch_all(): how each failure of a green HTTP fetch reaches the greenlet
// (HTTPError for a status outside 2xx, carrying the status, the reason and the body; URLError wrapping the socket's
// error for a refused connection), against a green server answering canned responses.
import { emit, errName } from '../lib/transcript.ts';
import { HTTPError, URLError, run, urlopen, type Green } from '../../impls/fiber/index.ts';
import { cannedServer } from './support/canned-http.ts';

const ROUTES: Record<string, string> = {
  '/ok': 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello',
  '/fail': 'HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\n\r\nsick',
  '/gone': 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n',
};

function seen(head: string): void {
  const lines = head.split('\r\n');
  emit('server got', lines[0], 'connection:', lines.filter((h) => h.toLowerCase().startsWith('connection:')).map((h) => h.split(': ')[1]));
}

function* main(): Green<void> {
  const server = yield* cannedServer(ROUTES, seen);
  const base = `http://127.0.0.1:${server.address[1]}`;

  const r = yield* urlopen(`${base}/ok`);
  emit('ok', r.status, r.reason, r.read());

  for (const path of ['/fail', '/gone']) {
    try {
      yield* urlopen(base + path);
      emit('not reached');
    } catch (e) {
      if (!(e instanceof HTTPError)) throw e;
      emit('raised', errName(e), e instanceof URLError, e.code, e.status, e.reason, e.message, e.read());
    }
  }

  // A port nothing listens on: a server started, then closed.
  const closed = yield* cannedServer({});
  const refused = `http://127.0.0.1:${closed.address[1]}/x`;
  closed.close();
  try {
    yield* urlopen(refused);
    emit('not reached');
  } catch (e) {
    if (!(e instanceof URLError)) throw e;
    emit('raised', errName(e), (e.reason as { code?: string }).code, e.message.startsWith('<urlopen error '));
  }
  yield* server.stop();
}

run(main);
