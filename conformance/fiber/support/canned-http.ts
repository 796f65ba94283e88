/**
 * A green HTTP server for the urlopen cases (canned_http.py is the other half): each request is answered with the
 * canned bytes for its path, then the connection is closed; `seen(head)` is told every request head first.
 */
import { StreamServer, type Green, type GreenSocket } from '../../../impls/fiber/index.ts';

export function* cannedServer(routes: Record<string, string>, seen: (head: string) => void = () => {}): Green<StreamServer> {
  function* handle(sock: GreenSocket): Green<void> {
    let head = '';
    while (!head.includes('\r\n\r\n')) {
      const data = yield* sock.recv(4096);
      if (data.length === 0) return;
      head += data.toString('latin1');
    }
    seen(head);
    yield* sock.sendall(routes[head.split(' ')[1]!]!);
    sock.close();
  }
  const server = new StreamServer(['127.0.0.1', 0], handle);
  yield* server.start();
  return server;
}
