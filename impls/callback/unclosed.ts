/**
 * "Unclosed AsyncHTTPClient" warnings, after aiohttp's "Unclosed client session" (Tornado 5.1 has none: its
 * simple_httpclient keeps no connection open, so forgetting close() cost nothing there; this client pools connections).
 *
 * A client is reported once, on tornado.general at WARNING:
 * - when it is garbage-collected without close() (a FinalizationRegistry; its idle connections are closed then, so
 *   their file descriptors are not leaked until the server drops them);
 * - or, if it is still reachable, at process exit.
 *
 * Only AsyncHTTPClient calls this module: `watch` when it is created, `unwatch` when it is closed.
 */
import type { ConnectionPool } from './connectionpool.ts';
import { genLog } from './log.ts';

/** What the finalizer may hold: never the client itself (a WeakRef to it is fine), or it could not be collected. */
interface Watched {
  pool: ConnectionPool;
  ref: WeakRef<object>;
}

const collected = new FinalizationRegistry<Watched>((watched) => {
  genLog.warning(
    `Unclosed AsyncHTTPClient: garbage-collected without close(); closing its ${watched.pool.size} idle connection(s)`,
  );
  watched.pool.closeAll();
  open.delete(watched.ref);
});

/** Clients not closed yet, weakly: the exit check must not keep them from being collected. */
const open = new Set<WeakRef<object>>();
let exitHookInstalled = false;

function reportAtExit(): void {
  for (const ref of open) {
    if (ref.deref() !== undefined) genLog.warning('Unclosed AsyncHTTPClient at exit: call close() when done with a client');
  }
}

/** Starts watching `client` (whose idle connections are `pool`); the returned token is what `unwatch` takes. */
export function watch(client: object, pool: ConnectionPool): WeakRef<object> {
  const ref = new WeakRef(client);
  open.add(ref);
  collected.register(client, { pool, ref }, ref);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', reportAtExit);
  }
  return ref;
}

/** The client was closed: nothing to report. */
export function unwatch(token: WeakRef<object>): void {
  open.delete(token);
  collected.unregister(token);
}
