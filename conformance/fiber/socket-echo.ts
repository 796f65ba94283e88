// Green sockets and StreamServer: each connection is handled in a greenlet of its own; recv() waits for whatever has
// arrived and returns b'' at EOF; sendall() returns once the data is handed over; after stop(), connecting is
// refused.
import { emit } from '../lib/transcript.ts';
import { StreamServer, createConnection, run, sleep, type Address, type Green, type GreenSocket } from '../../impls/fiber/index.ts';

function* handle(sock: GreenSocket, address: Address): Green<void> {
  emit('handler runs', address[0]);
  for (let i = 0; i < 100; i++) {
    const data = yield* sock.recv(1024);
    if (data.length === 0) break;
    yield* sock.sendall(data);
  }
  emit('handler saw EOF');
  sock.close();
}

function* main(): Green<void> {
  const server = new StreamServer(['127.0.0.1', 0], handle);
  yield* server.start();
  const port = server.address[1];
  const c = yield* createConnection(['127.0.0.1', port]);
  yield* c.sendall(Buffer.from('hello'));
  emit('echo', yield* c.recv(1024));
  yield* c.sendall(Buffer.from('again'));
  emit('echo', yield* c.recv(1024));
  c.close();
  yield* sleep(0.2);
  yield* server.stop();
  try {
    yield* createConnection(['127.0.0.1', port]);
    emit('connected after stop');
  } catch (e) {
    emit('connect after stop', (e as { code?: string }).code);
  }
}

run(main);
