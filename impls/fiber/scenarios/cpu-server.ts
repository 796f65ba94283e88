/**
 * The cpu-offload server (scenarios/cpu.ts), the gevent way: a StreamServer whose handler reads each fixed-size
 * request, does its work, and sends the request back. Inline, the work runs in the handler and blocks the hub (every
 * other connection waits); offloaded, `threadpool.apply` runs it in a worker thread and parks only this greenlet.
 */
import type { CpuServerOptions } from '../../contract.ts';
import { cpuWork } from '../../shared/cpu-work.ts';
import { cpuWorkCall } from '../../shared/executor.ts';
import { StreamServer } from '../server.ts';
import type { Address, GreenSocket } from '../socket.ts';
import type { ThreadPool } from '../threadpool.ts';
import type { Green } from '../waiter.ts';
import { clientGone, serve } from './serve.ts';

/** The server's work and what it has done: requests worked on, and every result folded in, so none can be skipped. */
export class CpuWork {
  done = 0;
  sink = 0;

  constructor(
    readonly options: Pick<CpuServerOptions, 'iterations' | 'messageBytes'>,
    /** Where to offload the work; inline when undefined. */
    readonly pool: ThreadPool | undefined,
  ) {}
}

/** Green thread only. The next `n` bytes of the stream, or undefined at EOF before all of them arrived. */
function* recvExactly(sock: GreenSocket, n: number): Green<Buffer | undefined> {
  const parts: Buffer[] = [];
  // Each pass reads at least one byte or ends at EOF.
  for (let have = 0; have < n; ) {
    const data = yield* sock.recv(n - have);
    if (data.length === 0) return undefined;
    parts.push(data);
    have += data.length;
  }
  return parts.length === 1 ? parts[0] : Buffer.concat(parts);
}

// #region cpu-offload
function* handle(work: CpuWork, sock: GreenSocket): Green<void> {
  const { iterations, messageBytes } = work.options;
  try {
    for (;;) {
      const request = yield* recvExactly(sock, messageBytes);
      if (request === undefined) break;
      const seed = request.readUInt32LE(0);
      const result = work.pool ? yield* work.pool.apply<number>(cpuWorkCall(seed, iterations)) : cpuWork(seed, iterations);
      work.sink ^= result;
      work.done++;
      yield* sock.sendall(request);
    }
  } catch (err) {
    if (!clientGone(err)) throw err;
  } finally {
    sock.close();
  }
}
// #endregion

/** The main greenlet of a cpu server (see serve.ts). */
export function* serveCpu(address: Address, work: CpuWork, onListening: (server: StreamServer) => void): Green<void> {
  yield* serve(new StreamServer(address, (sock) => handle(work, sock)), onListening);
}
