/**
 * Neutral peers for the callback style's conformance cases (lib/peers.py is the other half; keep the two in step).
 *
 * A peer is a plain Node socket: in Python it is a thread of blocking sockets that never touches the loop under test,
 * here it shares Node's event loop but none of the style's machinery. Nothing here prints: a case emits what it learns
 * from a peer once the loop has stopped.
 */
import net from 'node:net';

export interface ClientOptions {
  send?: Buffer | string;
  /** Half-close (FIN) once everything is sent: true right after, a number that many seconds after. */
  shutdown?: boolean | number;
  /** Seconds to wait before reading anything. */
  readDelay?: number;
}

export interface Client {
  /** Calls back with everything read once the server has closed (at once if it already has). */
  result(callback: (received: Buffer) => void): void;
}

/** Connects to `port`, sends, half-closes if asked, and reads until EOF, starting `readDelay` seconds after connecting. */
export function client(port: number, options: ClientOptions = {}): Client {
  const received: Buffer[] = [];
  let closed = false;
  const waiting: ((received: Buffer) => void)[] = [];
  const socket = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true }, () => {
    if (options.send !== undefined) socket.write(options.send);
    const { shutdown = false } = options;
    if (shutdown !== false) setTimeout(() => socket.end(), shutdown === true ? 0 : shutdown * 1000);
  });
  socket.pause();
  setTimeout(() => socket.resume(), (options.readDelay ?? 0) * 1000);
  socket.on('data', (chunk: Buffer) => received.push(chunk));
  socket.on('end', () => socket.end()); // the server closed: finish sending, then close, as the Python peer does
  socket.on('error', () => {});
  socket.on('close', () => {
    closed = true;
    for (const w of waiting.splice(0)) w(Buffer.concat(received));
  });
  return {
    result(callback) {
      if (closed) callback(Buffer.concat(received));
      else waiting.push(callback);
    },
  };
}

/** What a route answers: bytes to send before closing, or a handler that writes (and ends) the socket itself. */
export type Route = string | ((socket: net.Socket) => void);

/**
 * An HTTP server on a free port answering `routes[path]`; calls back with its port once it listens. Like the Python
 * peer's daemon threads, neither it nor its connections keep the process alive.
 */
export function httpServer(routes: Record<string, Route>, listening: (port: number, server: net.Server) => void): void {
  const server = net.createServer((socket) => {
    let head = '';
    socket.unref();
    socket.on('error', () => {});
    const onData = (chunk: Buffer): void => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      const route = routes[head.split(' ', 2)[1]!]!;
      if (typeof route === 'string') socket.end(route);
      else route(socket);
    };
    socket.on('data', onData);
  });
  server.unref();
  server.listen(0, '127.0.0.1', () => listening((server.address() as net.AddressInfo).port, server));
}

/** A port that nothing listens on (it was free a moment ago): for a refused connection. */
export function freePort(callback: (port: number) => void): void {
  const s = net.createServer();
  s.listen(0, '127.0.0.1', () => {
    const { port } = s.address() as net.AddressInfo;
    s.close(() => callback(port));
  });
}
