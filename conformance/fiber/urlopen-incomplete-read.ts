// A body cut short under urlopen (gevent's monkey.patch_all()): the head promises 10 bytes, 5 arrive, the server
// closes. urllib returns the response at its head, and read() raises IncompleteRead.
import { emit, errName } from '../lib/transcript.ts';
import { IncompleteRead, run, urlopen, type Green } from '../../impls/fiber/index.ts';
import { cannedServer } from './support/canned-http.ts';

function* main(): Green<void> {
  const server = yield* cannedServer({ '/cut': 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello' });
  try {
    const r = yield* urlopen(`http://127.0.0.1:${server.address[1]}/cut`);
    emit('opened', r.status);
    r.read();
    emit('not reached');
  } catch (e) {
    if (!(e instanceof IncompleteRead)) throw e;
    emit('raised', errName(e));
  }
  yield* server.stop();
}

run(main);
