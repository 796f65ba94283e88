/**
 * The mistakes missing-yield.ts must find, one per line marked with a `<- missing` comment, beside the correct
 * forms it must leave alone. Valid TypeScript (that is the point): tsc accepts every line. Never imported; the lint run over the
 * style skips it.
 */
import { Pool, Queue, sleep, spawn, type Green, type GreenSocket } from '../index.ts';

function* fetchOne(url: string): Green<string> {
  yield* sleep(0);
  return url;
}

export function* mistakes(sock: GreenSocket, urls: string[]): Green<void> {
  sleep(1); // <- missing
  sock.sendall('x'); // <- missing
  const g = spawn(fetchOne, 'a');
  g.join(); // <- missing
  g.kill(); // <- missing
  const pool = new Pool(2);
  const jobs = urls.map((u) => pool.spawn(fetchOne, u)); // <- missing
  urls.forEach((u) => new Queue<string>().put(u)); // <- missing
  void jobs;
}

// Untyped, so the compiler infers what it yields and cannot object: the lint still does.
export function* untyped() {
  yield sleep(1); // <- missing
}

export function* correct(sock: GreenSocket, urls: string[]): Green<void> {
  yield* sleep(1);
  yield* sock.sendall('x');
  const g = spawn(fetchOne, 'a');
  yield* g.join();
  void g.kill(); // kill now, do not wait: said on purpose
  const pool = new Pool(2);
  for (const u of urls) yield* pool.spawn(fetchOne, u);
  const later = sleep(0.1); // kept to run below: not a discarded call
  yield* later;
  const lengths = urls.map((u) => u.length);
  void lengths;
}
