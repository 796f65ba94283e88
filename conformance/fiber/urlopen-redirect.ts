// A redirect under urlopen (gevent's monkey.patch_all()): urllib follows it and returns the final response.
import { emit, errName } from '../lib/transcript.ts';
import { HTTPError, run, urlopen, type Green } from '../../impls/fiber/index.ts';
import { cannedServer } from './support/canned-http.ts';

function* main(): Green<void> {
  const server = yield* cannedServer({
    '/moved': 'HTTP/1.1 302 Found\r\nLocation: /ok\r\nContent-Length: 0\r\n\r\n',
    '/ok': 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello',
  });
  try {
    const r = yield* urlopen(`http://127.0.0.1:${server.address[1]}/moved`);
    emit('got', r.status, r.read());
  } catch (e) {
    if (!(e instanceof HTTPError)) throw e;
    emit('raised', errName(e), e.code);
  }
  yield* server.stop();
}

run(main);
