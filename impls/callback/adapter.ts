/**
 * The callback style's StyleDriver: the one file allowed to speak promises (but for executor.ts's bridge from worker
 * threads to the loop). It gives each job its own IOLoop, starts the scenario, and resolves when the loop reports that
 * it stopped (the moment Tornado's blocking start() returns).
 */
import type {
  CpuServerHandle,
  CpuServerOptions,
  EchoServerHandle,
  EchoServerOptions,
  ErrorCode,
  FaultDriver,
  FetchOutcome,
  RaceOptions,
  RaceOutcome,
  StyleDriver,
  UrlFetchJob,
} from '../contract.ts';
import { LINGER_MS } from '../../scenarios/faults.ts';
import { errorCodeOf, errorMessageOf } from '../shared/errors.ts';
import { WorkerExecutor } from '../shared/executor.ts';
import { sumStats } from '../shared/stats.ts';
import { HTTPStreamClosedError, HTTPTimeoutError, type HTTPResponse } from './httpclient.ts';
import { IOLoop } from './ioloop.ts';
import { IDIOMS, runFaultCase, type Idiom } from './faults/cases.ts';
import { CpuServer } from './scenarios/cpu.ts';
import { EchoServer } from './scenarios/echo.ts';
import { raceCounter as runRace } from './scenarios/race.ts';
import type { TCPServer } from './tcpserver.ts';
import { fetchAll } from './scenarios/url-fetch.ts';

/** Loops of jobs in progress, for stats(). */
const liveLoops = new Set<IOLoop>();

function track(loop: IOLoop): void {
  liveLoops.add(loop);
}

function untrack(loop: IOLoop): void {
  liveLoops.delete(loop);
  loop.close();
}

function errorCodeOfResponse(response: HTTPResponse): ErrorCode {
  if (response.code !== 599) return 'HTTP_STATUS';
  const error = response.error;
  if (error instanceof HTTPTimeoutError) return 'TIMEOUT';
  if (error instanceof HTTPStreamClosedError) return 'ECONNRESET';
  return errorCodeOf(error); // the socket error (Python-named, Node's errno code kept), or the codec's protocol error
}

function outcomeOf(job: UrlFetchJob, index: number, response: HTTPResponse): FetchOutcome {
  const url = job.urls[index]!;
  const latencyMs = response.requestTime * 1000; // the contract counts milliseconds, the style seconds
  const { body } = response;
  if (response.error === null && body !== null) {
    return { url, ok: true, status: response.code, bodyBytes: body.length, bodyMatches: job.checkBody(index, body), latencyMs };
  }
  return {
    url,
    ok: false,
    error: { code: errorCodeOfResponse(response), message: errorMessageOf(response.error) },
    ...(response.code !== 599 ? { status: response.code } : {}),
    latencyMs,
  };
}

function urlFetch(job: UrlFetchJob): Promise<FetchOutcome[]> {
  return new Promise((resolve, reject) => {
    const loop = new IOLoop();
    track(loop);
    const outcomes = new Array<FetchOutcome | undefined>(job.urls.length);
    loop.addStopListener(() => {
      untrack(loop);
      resolve(job.urls.map((url, i) => outcomes[i] ?? { url, ok: false, error: { code: 'OTHER', message: 'no response was delivered' }, latencyMs: 0 }));
    });
    try {
      const options = { maxClients: job.concurrency, requestTimeout: job.timeoutMs / 1000, ioLoop: loop };
      fetchAll(job.urls, options, (index, response) => (outcomes[index] = outcomeOf(job, index, response)));
    } catch (err) {
      untrack(loop);
      reject(err);
    }
  });
}

/** A server of the style that can be told to stop accepting and close its connections. */
type ShuttableServer = TCPServer & { shutdown(): void };

/**
 * Runs `server` on `loop` (its own, started here) on the given address; the handle's close() shuts it down, stops the
 * loop, and then runs `afterStop` (an executor to shut down, say) before it resolves.
 */
function serveOnLoop(loop: IOLoop, server: ShuttableServer, options: EchoServerOptions, afterStop: () => Promise<void> = () => Promise.resolve()): Promise<EchoServerHandle> {
  track(loop);
  return new Promise((resolve, reject) => {
    const close = (): Promise<void> =>
      new Promise((done) => {
        loop.addStopListener(() => {
          void afterStop().finally(() => {
            untrack(loop);
            done();
          });
        });
        server.shutdown();
        loop.stop();
      });
    server.listen(options.port, options.host, (error) => {
      if (error) {
        loop.addStopListener(() => void afterStop().finally(() => untrack(loop)));
        loop.stop();
        reject(error);
      } else {
        resolve({ port: server.port, close });
      }
    });
    loop.start();
  });
}

function startEchoServer(options: EchoServerOptions): Promise<EchoServerHandle> {
  const loop = new IOLoop();
  return serveOnLoop(loop, new EchoServer({ ioLoop: loop }), options);
}

async function startCpuServer(options: CpuServerOptions): Promise<CpuServerHandle> {
  const loop = new IOLoop();
  const executor = options.mode === 'offload' ? new WorkerExecutor({ threads: options.threads }) : null;
  const server = new CpuServer({ executor, iterations: options.iterations, messageBytes: options.messageBytes }, { ioLoop: loop });
  const handle = await serveOnLoop(loop, server, options, () => executor?.close() ?? Promise.resolve());
  return {
    ...handle,
    workDone: () => server.workDone(),
    ...(executor ? { executorStats: () => executor.stats(), resetWindow: () => executor.resetWindow() } : {}),
  };
}

function raceCounter(options: RaceOptions): Promise<RaceOutcome> {
  return new Promise((resolve) => {
    const loop = new IOLoop();
    track(loop);
    let final = 0;
    loop.addStopListener(() => {
      untrack(loop);
      resolve({ expected: options.workers * options.increments, final });
    });
    runRace({ ...options, ioLoop: loop }, (counter) => {
      final = counter;
      loop.stop();
    });
    loop.start();
  });
}

/**
 * The fault cases (faults/cases.ts), one row per process (harness/agents/fault-case.ts). A case starts the current
 * loop and stops it once its caller's scope has ended; the loop then runs once more for the harness's linger and
 * stops, as run_case.py's linger does for Tornado, so that callbacks queued meanwhile run and failures reported late
 * land. run() resolves after that, so the handles the harness finds open afterwards are leftovers, not the loop.
 */
const faults: FaultDriver = {
  idioms: () => IDIOMS,
  run: (caseId, idiom, env) =>
    new Promise((resolve) => {
      const loop = IOLoop.current();
      let lingering = false;
      loop.addStopListener(() => {
        if (lingering) {
          resolve();
          return;
        }
        lingering = true;
        loop.callLater(LINGER_MS / 1000, () => loop.stop());
        loop.start();
      });
      runFaultCase(caseId, idiom as Idiom, env);
    }),
};

/** What the report's Styles section says about how this style runs each scenario (StyleDriver's `notes`). */
type ScenarioNotes = Partial<Record<'url-fetch' | 'echo', string>>;

const notes: ScenarioNotes = {
  'url-fetch':
    "Tornado's queue timeout is off: Tornado fails a request still waiting for one of max_clients slots after " +
    'min(connect_timeout, request_timeout) from fetch() ("Timeout in request queue"), while the testbed\'s timeout ' +
    'counts from the moment a request gets its slot, as in the other styles; so every request gets the full timeout ' +
    'once it starts. Idle connections are kept alive and reused (as curl_httpclient does), where Tornado\'s default ' +
    'simple_httpclient opens one per request.',
  echo:
    'Each connection reads its next chunk only from the write callback, once the echoed chunk has been handed to the ' +
    'kernel (Tornado\'s idiom for `yield stream.write(data)`): a peer that does not read stops being read.',
};

const driver: StyleDriver & { notes: ScenarioNotes } = {
  name: 'callback',
  description: 'Tornado 5.1-style IOLoop with callback APIs (IOStream, TCPServer, AsyncHTTPClient) on Node\'s event loop',
  notes,
  urlFetch,
  startEchoServer,
  startCpuServer,
  raceCounter,
  faults,
  stats: () => sumStats(liveLoops),
};
export default driver;
