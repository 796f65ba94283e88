/**
 * What every server scenario's main greenlet does around its StreamServer: start it, tell the adapter (so it learns
 * the port and can stop it later), serve until stopped; and the stop the adapter spawns.
 */
import type { StreamServer } from '../server.ts';
import type { Green } from '../waiter.ts';

/** Connection errors a client causes by vanishing; they end a handler quietly instead of being printed. */
const CLIENT_GONE = new Set(['ECONNRESET', 'EPIPE', 'EBADF']);

export function clientGone(err: unknown): boolean {
  return CLIENT_GONE.has((err as { code?: string } | null)?.code ?? '');
}

/** The main greenlet of a server: starts listening, hands `onListening` the server, and serves until it is stopped. */
export function* serve(server: StreamServer, onListening: (server: StreamServer) => void): Green<void> {
  yield* server.start();
  onListening(server);
  yield* server.serveForever();
}

/** Stops a server started by serve(), killing its handlers at once; its main greenlet then returns. */
export function* stopServing(server: StreamServer): Green<void> {
  yield* server.stop({ timeout: 0 });
}
