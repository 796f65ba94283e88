/**
 * The contract boundary for the async style: runs the style's scenarios under run() and maps its errors onto the
 * contract's codes.
 */
import type { EchoServerHandle, EchoServerOptions, ErrorCode, FetchOutcome, StyleDriver, UrlFetchJob } from '../contract.ts';
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
  contextMechanism,
  run,
  stats,
} from './index.ts';
import { faults } from './faults/driver.ts';
import { serveEcho } from './scenarios/echo.ts';
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

async function startEchoServer(options: EchoServerOptions): Promise<EchoServerHandle> {
  const stop = new Event();
  let announce!: (port: number) => void;
  const ready = new Promise<number>((resolve) => (announce = resolve));
  const running = run(serveEcho, options.host, options.port, stop, announce);
  const port = await Promise.race([
    ready,
    running.then(() => {
      throw new Error('the echo server stopped before it was listening');
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

const driver: StyleDriver = {
  name: 'async',
  description: 'asyncio-style async/await: tasks with real cancellation, gather/TaskGroup, streams, aiohttp-like client',
  machinery: `Task context: ${contextMechanism.reason}`,
  urlFetch,
  startEchoServer,
  stats,
  faults,
};
export default driver;
