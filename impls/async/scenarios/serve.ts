/**
 * What the style's servers (echo, cpu) share around their connection handlers: start_server, announce the port, serve
 * until told to stop, then stop listening, drop the open connections and wait until they are gone.
 */
import { startServer, type ClientConnectedCallback, type Event } from '../index.ts';

/** Run inside the layer's run(): serves `handler` on host:port until `stop` is set, reporting the bound port through `ready`. */
export async function serveUntilStopped(handler: ClientConnectedCallback, host: string, port: number, stop: Event, ready: (port: number) => void): Promise<void> {
  const server = await startServer(handler, host, port);
  ready(server.port);
  try {
    await stop.wait();
  } finally {
    server.close();
    server.abortClients();
    await server.waitClosed();
  }
}
