// What the hub does once a greenlet that blocked it (CPU work, no switch) lets it run again, with a timer expired and
// data waiting on three sockets meanwhile: the expired timer's greenlet runs first, then every greenlet whose socket
// is readable, and only after those the callbacks (here, a join's link notification), so a joiner never sees a
// world in which some of the ready sockets have not been read. The order among the reads is the poll backend's (libev
// hands them out last-ready first), not gevent's promise, so the case prints which reads had happened, sorted.
import { emit } from '../lib/transcript.ts';
import { Event, StreamServer, createConnection, joinall, run, sleep, spawn, type Green, type Greenlet, type GreenSocket } from '../../impls/fiber/index.ts';

const accepted: GreenSocket[] = [];
const reads: string[] = [];
const hold = new Event();

function* handle(sock: GreenSocket): Green<void> {
  accepted.push(sock);
  yield* hold.wait();
}

function burn(seconds: number): void {
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until);
}

function* reader(name: string, sock: GreenSocket): Green<void> {
  reads.push(`${name}:${(yield* sock.recv(10)).toString()}`);
}

function* sleeper(): Green<void> {
  yield* sleep(0.05);
  emit('sleep(0.05) woke after reads', [...reads].sort());
}

function* joiner(g: Greenlet<void>): Green<void> {
  yield* g.join();
  emit('join of r0 returned after reads', [...reads].sort());
}

function* main(): Green<void> {
  const server = new StreamServer(['127.0.0.1', 0], handle);
  yield* server.start();
  const clients: GreenSocket[] = [];
  for (let i = 0; i < 3; i++) {
    clients.push(yield* createConnection(['127.0.0.1', server.address[1]]));
    for (let n = 0; n < 100 && accepted.length <= i; n++) yield* sleep(0.01);
  }
  const readers = clients.map((c, i) => spawn(reader, `r${i}`, c));
  const others = [spawn(sleeper), spawn(joiner, readers[0]!)];
  yield* sleep(0);
  emit('all parked');
  for (const [i, s] of accepted.entries()) yield* s.sendall(`x${i}`);
  burn(0.2);
  emit('the hub runs again');
  yield* joinall([...readers, ...others]);
  hold.set();
  for (const c of clients) c.close();
  yield* server.stop();
}

run(main);
