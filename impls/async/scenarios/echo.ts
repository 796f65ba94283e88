/**
 * The echo server as an asyncio programmer writes it: start_server, and per connection read / write / drain
 * until EOF.
 */
import type { Event, StreamReader, StreamWriter } from '../index.ts';
import { serveUntilStopped } from './serve.ts';

/** vmbench's read size for its asyncio streams server, as impls/reference/asyncio_echo.py reads: like for like. */
const READ_SIZE = 100 * 1024;

/** A peer that reset or vanished mid-conversation: the client is gone, which is not the server's failure. */
export function isConnectionLoss(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED';
}

// #region echo
export async function handleEcho(reader: StreamReader, writer: StreamWriter): Promise<void> {
  try {
    for (;;) {
      const data = await reader.read(READ_SIZE);
      if (data.length === 0) break;
      writer.write(data);
      await writer.drain();
    }
  } catch (err) {
    if (!isConnectionLoss(err)) throw err; // a client that resets is not the server's failure
  } finally {
    writer.close();
  }
}
// #endregion

/** Run inside the layer's run(): the echo server until `stop` is set, reporting the bound port through `ready`. */
export function serveEcho(host: string, port: number, stop: Event, ready: (port: number) => void): Promise<void> {
  return serveUntilStopped(handleEcho, host, port, stop, ready);
}
