/**
 * The contract boundary for the async style: runs the style's scenarios under run() and maps its errors onto the
 * contract's codes.
 */
import type {
  CpuServerHandle,
  CpuServerOptions,
  EchoServerHandle,
  EchoServerOptions,
  ErrorCode,
  FetchOutcome,
  RaceOptions,
  RaceOutcome,
  StyleDriver,
  UrlFetchJob,
} from '../contract.ts';
import { errorCodeOf, errorMessageOf } from '../shared/errors.ts';
import {
  CancelledError,
  ClientConnectorError,
  ClientError,
  ClientPayloadError,
  ClientResponseError,
  Event,
  ServerDisconnectedError,
  TimeoutError,
  WorkerExecutor,
  contextMechanism,
  run,
  stats,
} from './index.ts';
import { faults } from './faults/driver.ts';
import { serveCpu, type CpuTally } from './scenarios/cpu-server.ts';
import { serveEcho } from './scenarios/echo.ts';
import { raceCounter as raceInTasks } from './scenarios/race.ts';
import { fetchAll, type FetchResult } from './scenarios/url-fetch.ts';

/** A ClientResponseError from raiseForStatus(); one with a cause is malformed HTTP (the codec's error). */
function statusOf(err: unknown): number | undefined {
  return err instanceof ClientResponseError && err.cause === undefined ? err.status : undefined;
}

/** aiohttp's hierarchy onto the contract's codes; where a client error wraps the socket's or codec's error, that one's. */
function codeOf(err: unknown): ErrorCode {
  if (err instanceof TimeoutError) return 'TIMEOUT'; // the total deadline, and ServerTimeoutError (connect, sock_read)
  if (err instanceof CancelledError) return 'CANCELLED';
  if (statusOf(err) !== undefined) return 'HTTP_STATUS';
  if (err instanceof ClientConnectorError) return errorCodeOf(err.osError);
  if (err instanceof ClientPayloadError || err instanceof ServerDisconnectedError) return 'ECONNRESET';
  if (err instanceof ClientError && err.cause !== undefined) return errorCodeOf(err.cause); // ClientOSError, InvalidURL, bad HTTP
  return errorCodeOf(err);
}

function toOutcome(result: FetchResult): FetchOutcome {
  if (result.ok) return result;
  const { error, url, latencyMs } = result;
  const status = statusOf(error);
  return { url, ok: false, status, error: { code: codeOf(error), message: errorMessageOf(error) }, latencyMs };
}

async function urlFetch(job: UrlFetchJob): Promise<FetchOutcome[]> {
  // The contract speaks milliseconds; the style, like asyncio, seconds.
  const results = await run(fetchAll, job.urls, job.concurrency, job.timeoutMs / 1000, job.checkBody);
  return results.map(toOutcome);
}

/**
 * Runs a server scenario in a run() of its own until close(): `serve(stop, ready)` reports its port through `ready`
 * and returns once `stop` is set.
 */
async function serveInRun(what: string, serve: (stop: Event, ready: (port: number) => void) => Promise<void>): Promise<EchoServerHandle> {
  const stop = new Event();
  let announce!: (port: number) => void;
  const ready = new Promise<number>((resolve) => (announce = resolve));
  const running = serve(stop, announce);
  const port = await Promise.race([
    ready,
    running.then(() => {
      throw new Error(`the ${what} stopped before it was listening`);
    }),
  ]);
  return {
    port,
    close: async () => {
      stop.set();
      await running;
    },
  };
}

function startEchoServer(options: EchoServerOptions): Promise<EchoServerHandle> {
  return serveInRun('echo server', (stop, ready) => run(serveEcho, options.host, options.port, stop, ready));
}

async function startCpuServer(options: CpuServerOptions): Promise<CpuServerHandle> {
  const tally: CpuTally = { done: 0, sink: 0 };
  // The run's default executor: toThread() runs the work there, and the run shuts it down when the server stops.
  const pool = options.mode === 'offload' ? new WorkerExecutor({ threads: options.threads }) : undefined;
  const server = await serveInRun('cpu server', (stop, ready) => run(serveCpu, options.host, options.port, options, tally, pool, stop, ready));
  return {
    ...server,
    workDone: () => tally.done + (tally.sink & 0), // the sink read here keeps it live
    ...(pool ? { executorStats: () => pool.stats(), resetWindow: () => pool.resetWindow() } : {}),
  };
}

function raceCounter(options: RaceOptions): Promise<RaceOutcome> {
  return run(raceInTasks, options);
}

const driver: StyleDriver = {
  name: 'async',
  description: 'asyncio-style async/await: tasks with real cancellation, gather/TaskGroup, streams, aiohttp-like client',
  machinery: `Task context: ${contextMechanism.reason}`,
  urlFetch,
  startEchoServer,
  stats,
  faults,
  startCpuServer,
  raceCounter,
};
export default driver;
