// A body cut short under urlopen (gevent's monkey.patch_all()): the head promises 10 bytes, 5 arrive, the server
// closes. urllib returns the response at its head, and read() raises IncompleteRead with what did arrive.
import { emit, errName } from '../lib/transcript.ts';
import { IncompleteRead, StreamServer, run, urlopen, type Green, type GreenSocket } from '../../impls/fiber/index.ts';

function* handle(sock: GreenSocket): Green<void> {
  let head = '';
  while (!head.includes('\r\n\r\n')) {
    const data = yield* sock.recv(4096);
    if (data.length === 0) return;
    head += data.toString('latin1');
  }
  yield* sock.sendall('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello');
  sock.close();
}

function* main(): Green<void> {
  const server = new StreamServer(['127.0.0.1', 0], handle);
  yield* server.start();
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
