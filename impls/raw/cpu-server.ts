/**
 * The cpu-offload server in plain Node: per connection, cut the byte stream into requests of `messageBytes`, do each
 * request's work (inline, blocking the loop; or awaited from the worker executor), and write the request back.
 * Requests on one connection are answered in order; the load generator keeps one in flight per connection anyway.
 */
import net from 'node:net';
import type { CpuServerHandle, CpuServerOptions } from '../contract.ts';
import { cpuWork } from '../shared/cpu-work.ts';
import { cpuWorkCall, WorkerExecutor } from '../shared/executor.ts';

// #region cpu-offload
export function startCpuServer(options: CpuServerOptions): Promise<CpuServerHandle> {
  const executor = options.mode === 'offload' ? new WorkerExecutor({ threads: options.threads }) : undefined;
  let done = 0;
  let sink = 0; // every result is folded in here, so the work cannot be skipped
  const sockets = new Set<net.Socket>();

  function serve(socket: net.Socket): void {
    let buffered: Buffer[] = [];
    let size = 0;
    let busy = false; // offloaded: one request's work in a worker at a time, replies in order
    const take = (): Buffer => {
      const all = buffered.length === 1 ? buffered[0]! : Buffer.concat(buffered);
      buffered = all.length > options.messageBytes ? [all.subarray(options.messageBytes)] : [];
      size -= options.messageBytes;
      return all.subarray(0, options.messageBytes);
    };
    const reply = (request: Buffer, result: number): void => {
      sink ^= result;
      done++;
      if (!socket.destroyed) socket.write(request);
    };
    // A plain function, not an async one: the async version cost 6 to 15 ms of CPU per 5 ms request, the profile
    // putting most of it in that function's own code rather than in cpuWork (the hash loop inlined there, by the
    // look of it); as a plain loop raw costs what the styles cost.
    const drain = (): void => {
      while (!busy && size >= options.messageBytes) {
        const request = take();
        const seed = request.readUInt32LE(0);
        if (!executor) {
          reply(request, cpuWork(seed, options.iterations));
          continue;
        }
        busy = true;
        executor.submit<number>(cpuWorkCall(seed, options.iterations)).promise.then(
          (result) => {
            busy = false;
            reply(request, result);
            drain();
          },
          () => socket.destroy(),
        );
      }
    };
    socket.on('data', (chunk: Buffer) => {
      buffered.push(chunk);
      size += chunk.length;
      drain();
    });
  }

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
    serve(socket);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      resolve({
        port: (server.address() as net.AddressInfo).port,
        workDone: () => done + (sink & 0), // sink read here keeps it live
        ...(executor ? { executorStats: () => executor.stats(), resetWindow: () => executor.resetWindow() } : {}),
        close: () =>
          new Promise<void>((closed) => {
            for (const s of sockets) s.destroy();
            server.close(() => void (executor?.close() ?? Promise.resolve()).then(() => closed()));
          }),
      });
    });
  });
}
// #endregion
