// urllib's urlopen under gevent's monkey.patch_all(): how each failure of a green HTTP fetch reaches the greenlet
// (HTTPError for a status outside 2xx, carrying the status, the reason and the body; URLError wrapping the socket's
// error for a refused connection), against a green server answering canned responses.
import { emit, errName } from '../lib/transcript.ts';
import { HTTPError, StreamServer, URLError, run, urlopen, type Green, type GreenSocket } from '../../impls/fiber/index.ts';

const ROUTES: Record<string, string> = {
  '/ok': 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello',
  '/fail': 'HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\n\r\nsick',
  '/gone': 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n',
};

function* handle(sock: GreenSocket): Green<void> {
  let head = '';
  while (!head.includes('\r\n\r\n')) {
    const data = yield* sock.recv(4096);
    if (data.length === 0) return;
    head += data.toString('latin1');
  }
  const lines = head.split('\r\n');
  const connection = lines.filter((h) => h.toLowerCase().startsWith('connection:')).map((h) => h.split(': ')[1]);
  emit('server got', lines[0], 'connection:', connection);
  yield* sock.sendall(ROUTES[head.split(' ')[1]!]!);
  sock.close();
}

function* main(): Green<void> {
  const server = new StreamServer(['127.0.0.1', 0], handle);
  yield* server.start();
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
  const closed = new StreamServer(['127.0.0.1', 0], handle);
  yield* closed.start();
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
