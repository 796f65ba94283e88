/**
 * The cpu-offload server (scenarios/cpu.ts) as an asyncio programmer writes it: start_server, and per connection
 * read a fixed-size request with readexactly, do its work (on the loop, blocking it, or in a worker thread with
 * `await asyncio.to_thread(...)`), write the request back and drain, until the client closes.
 */
import type { CpuServerOptions } from '../../contract.ts';
import { cpuWork } from '../../shared/cpu-work.ts';
import { cpuWorkCall } from '../../shared/executor.ts';
import { IncompleteReadError, setDefaultExecutor, toThread, type Event, type StreamReader, type StreamWriter, type WorkerExecutor } from '../index.ts';
import { isConnectionLoss } from './echo.ts';
import { serveUntilStopped } from './serve.ts';

/** What the server did: requests whose work was done, and every result folded in, so no work can be skipped. */
export interface CpuTally {
  done: number;
  sink: number;
}

type Work = Pick<CpuServerOptions, 'mode' | 'iterations' | 'messageBytes'>;

// #region cpu-offload
async function handleRequests(reader: StreamReader, writer: StreamWriter, work: Work, tally: CpuTally): Promise<void> {
  try {
    for (;;) {
      const request = await reader.readExactly(work.messageBytes);
      const seed = request.readUInt32LE(0);
      const result = work.mode === 'offload' ? await toThread<number>(cpuWorkCall(seed, work.iterations)) : cpuWork(seed, work.iterations);
      tally.sink ^= result;
      tally.done++;
      writer.write(request);
      await writer.drain();
    }
  } catch (err) {
    // The client closed (between requests or in the middle of one) or reset: it is done, not the server's failure.
    if (!(err instanceof IncompleteReadError) && !isConnectionLoss(err)) throw err;
  } finally {
    writer.close();
  }
}
// #endregion

/**
 * Run inside the layer's run(): serves until `stop` is set, reporting the bound port through `ready`. With `pool`,
 * toThread() runs the work there (the run's default executor, shut down when the run ends).
 */
export function serveCpu(host: string, port: number, work: Work, tally: CpuTally, pool: WorkerExecutor | undefined, stop: Event, ready: (port: number) => void): Promise<void> {
  if (pool) setDefaultExecutor(pool);
  return serveUntilStopped((reader, writer) => handleRequests(reader, writer, work, tally), host, port, stop, ready);
}
