/**
 * Scaffolding shared by the callback style's conformance cases (lib/callback_case.py is the other half; keep the two in
 * step): a TCPServer or AsyncHTTPClient of the style with a neutral peer (lib/peers.ts) on the other end.
 */
import { client, httpServer, type ClientOptions, type Route } from './peers.ts';
import { AsyncHTTPClient, IOLoop, TCPServer, type AsyncHTTPClientOptions, type IOStream } from '../../impls/callback/index.ts';

/**
 * Serves a TCPServer whose handleStream is `handleStream` on a free port, connects a client to it, and starts the
 * loop; once the loop has stopped and the server has closed the connection, calls `after` with everything the client
 * read (where the Python half's `tcp_case` returns it) and stops the server.
 */
export function tcpCase(handleStream: (stream: IOStream) => void, peer: ClientOptions, after: (received: Buffer) => void): void {
  class Server extends TCPServer {
    override handleStream(stream: IOStream): void {
      handleStream(stream);
    }
  }
  const server = new Server();
  server.listen(0, '127.0.0.1', () => {
    const connected = client(server.port, peer);
    server.ioLoop.addStopListener(() =>
      connected.result((received) => {
        after(received);
        server.stop();
      }),
    );
  });
  server.ioLoop.start();
}

/**
 * Starts an HTTP server answering `routes`, calls `body(baseUrl, client)` with a new client, and starts the loop;
 * once it has stopped, calls `after` (the Python half's code after `http_case` returns) and closes the client.
 */
export function httpCase(
  routes: Record<string, Route>,
  body: (base: string, client: AsyncHTTPClient) => void,
  after: () => void = () => {},
  options: AsyncHTTPClientOptions = {},
): void {
  httpServer(routes, (port) => {
    const httpClient = new AsyncHTTPClient(options);
    IOLoop.current().addStopListener(() => {
      after();
      httpClient.close();
    });
    body(`http://127.0.0.1:${port}`, httpClient);
    IOLoop.current().start();
  });
}
