/**
 * Echo, the gevent way: a StreamServer whose handler loops recv / sendall until EOF.
 */
import { StreamServer } from '../server.ts';
import type { Address, GreenSocket } from '../socket.ts';
import type { Green } from '../waiter.ts';

/** Connection errors a client can cause by vanishing; they end the handler quietly instead of being printed. */
const CLIENT_GONE = new Set(['ECONNRESET', 'EPIPE', 'EBADF']);

export function* echo(sock: GreenSocket): Green<void> {
  try {
    // Ends at EOF; each pass waits for at least one byte.
    for (;;) {
      const data = yield* sock.recv(65536);
      if (data.length === 0) break;
      yield* sock.sendall(data);
    }
  } catch (err) {
    if (!CLIENT_GONE.has((err as { code?: string }).code ?? '')) throw err;
  } finally {
    sock.close();
  }
}

/**
 * The main greenlet of an echo server: starts listening, tells `onListening` the server (so the caller can learn
 * its port and later stop it), and serves until stopped.
 */
export function* serveEcho(address: Address, onListening: (server: StreamServer) => void): Green<void> {
  const server = new StreamServer(address, echo);
  yield* server.start();
  onListening(server);
  yield* server.serveForever();
}

/** Stops a server started by serveEcho; its main greenlet then returns. */
export function* stopEcho(server: StreamServer): Green<void> {
  yield* server.stop({ timeout: 0 });
}
