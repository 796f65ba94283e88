/**
 * The raw baseline: plain Node with no style layer, the ceiling the styles are measured against. URL-fetch does the
 * same HTTP work as the styles, through the same codec (impls/shared/http1.ts) on plain `net` sockets, so that
 * "× raw" compares concurrency styles rather than HTTP clients (Node's own `http` client is the separate row
 * raw-http). Echo is `net` with backpressure.
 */
import net from 'node:net';
import type { EchoServerHandle, EchoServerOptions, StyleDriver } from '../contract.ts';
import { startCpuServer } from './cpu-server.ts';
import { raceCounter } from './race.ts';
import { urlFetch } from './url-fetch.ts';

// #region echo
function startEchoServer(options: EchoServerOptions): Promise<EchoServerHandle> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    // Backpressure: once Node's write buffer is full (write() returns false), stop reading until it drains, so a
    // client that sends without reading fills its own socket buffers instead of this process's memory.
    socket.on('data', (data) => {
      if (!socket.write(data)) {
        socket.pause();
        socket.once('drain', () => socket.resume());
      }
    });
    socket.on('error', () => socket.destroy()); // a client that resets is not the server's failure
    socket.on('close', () => sockets.delete(socket));
  });
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
