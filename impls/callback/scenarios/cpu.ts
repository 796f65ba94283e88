/**
 * The cpu-offload server (scenarios/cpu.ts) as Tornado callback code: a TCPServer whose handleStream reads one
 * fixed-size request at a time (readBytes), does its work, folds the result into a sink, and writes the request back,
 * starting the next read from the write callback (as the echo server does).
 *
 * The work is cpuWork(seed = the request's first 4 bytes LE, iterations): inline, in the read callback, which blocks
 * the loop for its duration; or offloaded, `IOLoop.runInExecutor(executor, call)` with the answer taken in an
 * addFuture callback, which is how Tornado 5.1 callback code hands work to a thread pool.
 */
import type { IOStream } from '../iostream.ts';
import type { Executor } from '../executor.ts';
import { cpuWork } from '../../shared/cpu-work.ts';
import { cpuWorkCall } from '../../shared/executor.ts';
import { TCPServer, type TCPServerOptions } from '../tcpserver.ts';

export interface CpuServerSettings {
  /** Where the work runs: null inline on the loop, else this executor's worker threads. */
  executor: Executor | null;
  iterations: number;
  messageBytes: number;
}

export class CpuServer extends TCPServer {
  private readonly streams = new Set<IOStream>();
  private done = 0;
  /** Every result is folded in here, so no work can be skipped. */
  private sink = 0;

  constructor(
    private readonly settings: CpuServerSettings,
    options: TCPServerOptions = {},
  ) {
    super(options);
  }

  override handleStream(stream: IOStream): void {
    stream.setNodelay(true);
    this.streams.add(stream);
    stream.setCloseCallback(() => this.streams.delete(stream));
    const { executor, iterations, messageBytes } = this.settings;
    const ioLoop = this.ioLoop;
    const workDone = (result: number): void => {
      this.sink ^= result;
      this.done++;
    };

    function readNext(): void {
      if (!stream.closed()) stream.readBytes(messageBytes, executor === null ? workInline : offload);
    }
    function workInline(request: Buffer): void {
      workDone(cpuWork(request.readUInt32LE(0), iterations));
      stream.write(request, readNext);
    }
    // #region cpu-offload
    function offload(request: Buffer): void {
      const seed = request.readUInt32LE(0);
      ioLoop.addFuture(ioLoop.runInExecutor(executor, cpuWorkCall(seed, iterations)), function replyWhenDone(future) {
        workDone(future.result() as number);
        // The client may have gone while the worker ran.
        if (!stream.closed()) stream.write(request, readNext);
      });
    }
    // #endregion
    readNext();
  }

  /** Requests whose work was done. */
  workDone(): number {
    return this.done + (this.sink & 0); // reading the sink keeps it live
  }

  /** Stops accepting and closes every open connection. */
  shutdown(): void {
    this.stop();
    for (const stream of this.streams) stream.close();
    this.streams.clear();
  }
}
