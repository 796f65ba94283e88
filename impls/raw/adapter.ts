/**
 * The raw baseline: plain Node with no style layer, the ceiling the styles are measured against. URL-fetch does the
 * same HTTP work as the styles, through the same codec (impls/shared/http1.ts) on plain `net` sockets, so that
 * "× raw" compares concurrency styles rather than HTTP clients (Node's own `http` client is the separate row
 * raw-idiomatic). Echo reads into one reusable buffer (see the echo region); raw-idiomatic has the one-liners.
 */
import net from 'node:net';
import type { EchoServerHandle, EchoServerOptions, StyleDriver } from '../contract.ts';
import { startCpuServer } from './cpu-server.ts';
import { raceCounter } from './race.ts';
import { withStaticReads } from '../shared/static-reads.ts';
import { urlFetch } from './url-fetch.ts';

// #region echo
/**
 * Echo, the fastest plain Node found (issue #13): each connection reads into one buffer shared by every socket
 * (onread, via impls/shared/static-reads.ts) instead of a new zero-filled buffer per read, and writes a copy of
 * what it read. Backpressure: reading stops while a write waits, and resumes when it has drained. raw-idiomatic has
 * the one-liner (`socket.on('data', (d) => socket.write(d))`), for comparison.
 */
function serveConnection(accepted: net.Socket, sockets: Set<net.Socket>): void {
  const socket = withStaticReads(accepted, (bytes) => {
    if (socket.write(Buffer.from(bytes))) return true;
    socket.once('drain', () => socket.resume());
    return false; // stop reading until the write buffer drains
  });
  sockets.add(socket);
  socket.setNoDelay(true);
  socket.on('error', () => socket.destroy()); // a client that resets is not the server's failure
  socket.on('close', () => sockets.delete(socket));
  socket.resume();
}

function startEchoServer(options: EchoServerOptions): Promise<EchoServerHandle> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ pauseOnConnect: true, noDelay: true }, (accepted) => serveConnection(accepted, sockets));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      const port = (server.address() as net.AddressInfo).port;
      resolve({
        port,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
// #endregion

const driver: StyleDriver = {
  name: 'raw',
  description: 'plain Node, no style layer: the shared HTTP codec on net sockets with keep-alive, and net.Server',
  urlFetch,
  startEchoServer,
  startCpuServer,
  raceCounter,
};
export default driver;
