/**
 * Reading sockets into one shared buffer (Node's `onread` option), for servers too.
 *
 * By default Node allocates a new, zero-filled 64 KiB buffer for every read and hands it to a 'data' listener: a
 * memset and an allocation the garbage collector must track, per read. With `onread`, libuv reads straight into a
 * buffer the program gives it, and a callback sees the bytes, which it must copy if it keeps them past the callback.
 * Since every read is consumed synchronously, one buffer serves every socket of the process, as uvloop's one read
 * buffer serves its whole loop; reads are up to 256 KiB, as uvloop's and asyncio's (max_size) are. This is the
 * Node-level mechanism each style's own read layer sits on, not a style's idiom: the styles keep their 'data'
 * listeners and get a copy of exactly what was read, which is what their Python systems hand up too (a new bytes).
 *
 * net.Server has no `onread` for the sockets it accepts. A server made with `pauseOnConnect` hands over sockets that
 * have not read yet; these functions move such a socket's handle into a new net.Socket with `onread` (the `handle`
 * option of net.Socket: not in Node's documentation, but what net.Server itself uses to make accepted sockets).
 */
import net from 'node:net';

/** Called with the bytes just read: a view of the shared buffer, valid only until it returns. False: stop reading. */
export type ReadCallback = (bytes: Buffer) => boolean | void;

export const READ_BYTES = 256 * 1024;
const shared = Buffer.allocUnsafe(READ_BYTES);

const onread = (onRead: ReadCallback) => ({ buffer: shared, callback: (n: number, buf: Buffer) => onRead(buf.subarray(0, n)) !== false });

/**
 * A new socket on `accepted`'s connection, reading into the shared buffer; `accepted` (from a server made with
 * `pauseOnConnect`) must not be used again. The server still counts the connection as `accepted`'s, so `accepted` is
 * destroyed (without its handle, which the new socket owns) when the new socket closes: `server.close()` then
 * completes, and `maxConnections` holds.
 */
export function withStaticReads(accepted: net.Socket, onRead: ReadCallback, options: { allowHalfOpen?: boolean } = {}): net.Socket {
  const holder = accepted as unknown as { _handle: unknown };
  const handle = holder._handle;
  if (!handle) throw new Error('withStaticReads: the socket has no handle (already closed?)');
  holder._handle = null;
  const SocketWithHandle = net.Socket as unknown as new (o: object) => net.Socket;
  const socket = new SocketWithHandle({ handle, readable: true, writable: true, allowHalfOpen: options.allowHalfOpen ?? false, onread: onread(onRead) });
  socket.once('close', () => accepted.destroy());
  return socket;
}

/** `accepted` as a socket whose 'data' events carry a copy of each read, made without Node's zero-filled buffer. */
export function withCopiedReads(accepted: net.Socket, options: { allowHalfOpen?: boolean } = {}): net.Socket {
  const socket: net.Socket = withStaticReads(accepted, (bytes) => void socket.emit('data', Buffer.from(bytes)), options);
  return socket;
}

/** net.connect, with 'data' events that carry a copy of each read, made without Node's zero-filled buffer. */
export function connectWithCopiedReads(options: net.NetConnectOpts): net.Socket {
  const socket: net.Socket = net.connect({ ...options, onread: onread((bytes) => void socket.emit('data', Buffer.from(bytes))) } as net.NetConnectOpts);
  return socket;
}

/** An unconnected net.Socket (`new net.Socket(options)`), with 'data' events that carry a copy of each read. */
export function socketWithCopiedReads(options: net.SocketConstructorOpts = {}): net.Socket {
  const socket: net.Socket = new net.Socket({ ...options, onread: onread((bytes) => void socket.emit('data', Buffer.from(bytes))) } as net.SocketConstructorOpts);
  return socket;
}
