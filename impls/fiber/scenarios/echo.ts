/**
 * Echo, the gevent way: a StreamServer whose handler loops recv / sendall until EOF.
 */
import { StreamServer } from '../server.ts';
import type { Address, GreenSocket } from '../socket.ts';
import type { Green } from '../waiter.ts';
import { clientGone, serve } from './serve.ts';

/** vmbench's recv size for its gevent server, as impls/reference/gevent_echo.py reads: like for like. */
const READ_SIZE = 100_000;

// #region echo
export function* echo(sock: GreenSocket): Green<void> {
  try {
    // Ends at EOF; each pass waits for at least one byte.
    for (;;) {
      const data = yield* sock.recv(READ_SIZE);
      if (data.length === 0) break;
      yield* sock.sendall(data);
    }
  } catch (err) {
    if (!clientGone(err)) throw err;
  } finally {
    sock.close();
  }
}

/** The main greenlet of an echo server (see serve.ts). */
export function* serveEcho(address: Address, onListening: (server: StreamServer) => void): Green<void> {
  yield* serve(new StreamServer(address, echo), onListening);
}
// #endregion
