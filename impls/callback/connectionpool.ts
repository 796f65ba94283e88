/**
 * The HTTP client's idle keep-alive connections, per host:port (curl_httpclient keeps them; simple_httpclient, whose
 * behaviour the client otherwise follows, opens one per request).
 *
 * An idle connection must not keep the process alive, as Node's own http.Agent sees to: its socket is unref'd while it
 * waits in the pool and ref'd again when a request takes it. An idle connection the server closes leaves the pool at
 * once (the stream notices the FIN while idle), so the next request never picks a dead one.
 *
 * Only the AsyncHTTPClient and its connections use this.
 */
import type { IOStream } from './iostream.ts';

export class ConnectionPool {
  private readonly idle = new Map<string, IOStream[]>();

  /** An idle, still-open stream to `key`, taken out of the pool and holding the process again; or undefined. */
  checkout(key: string): IOStream | undefined {
    const streams = this.idle.get(key);
    while (streams && streams.length > 0) {
      const stream = streams.pop()!;
      stream.setCloseCallback(null);
      if (!stream.closed() && stream.readBufferSize === 0) {
        stream.socket.ref();
        return stream;
      }
      stream.close();
    }
    return undefined;
  }

  /** Keeps an open stream for the next request to `key`; while it waits it does not hold the process. */
  checkin(key: string, stream: IOStream): void {
    let streams = this.idle.get(key);
    if (!streams) this.idle.set(key, (streams = []));
    const list = streams;
    stream.setCloseCallback(() => {
      const at = list.indexOf(stream);
      if (at !== -1) list.splice(at, 1);
    });
    stream.socket.unref();
    list.push(stream);
  }

  /** Idle connections held right now. */
  get size(): number {
    let n = 0;
    for (const streams of this.idle.values()) n += streams.length;
    return n;
  }

  closeAll(): void {
    for (const streams of this.idle.values()) for (const s of streams.splice(0)) s.close();
    this.idle.clear();
  }
}
