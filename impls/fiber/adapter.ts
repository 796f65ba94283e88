/**
 * The fiber style's driver: the one file where green threads meet promises. Each call gets a hub of its own; the
 * adapter starts the scenario as that hub's main greenlet and resolves when a rawlink says it ended.
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
import { errorCodeOf, errorMessageOf } from '../shared/errors.ts';
import { sumStats } from '../shared/stats.ts';
import { GreenletExit } from './exceptions.ts';
import { idioms, runCase } from './faults/cases.ts';
import type { Greenlet } from './greenlet.ts';
import { Hub } from './hub.ts';
import { fetchAll, type FetchResult } from './scenarios/url-fetch.ts';
import { CpuWork, serveCpu } from './scenarios/cpu-server.ts';
import { serveEcho } from './scenarios/echo.ts';
import { raceCounter as race } from './scenarios/race.ts';
import { stopServing } from './scenarios/serve.ts';
import type { StreamServer } from './server.ts';
import { ThreadPool } from './threadpool.ts';
import { Timeout } from './timeout.ts';
import type { Green } from './waiter.ts';

/** Hubs whose main greenlet is still running, for stats(). */
const liveHubs = new Set<Hub>();

function ended<R>(hub: Hub, main: Greenlet<R>): Promise<R> {
  liveHubs.add(hub);
  return new Promise((resolve, reject) => {
    main.rawlink((g) => {
      liveHubs.delete(hub);
      if (g.successful()) resolve(g.value as R);
      else reject(g.exception);
    });
  });
}

function codeOf(err: unknown): ErrorCode {
  if (err instanceof Timeout) return 'TIMEOUT';
  if (err instanceof GreenletExit) return 'CANCELLED';
  return errorCodeOf(err);
}

function outcomeOf(url: string, g: Greenlet<FetchResult>): FetchOutcome {
  // A fetch greenlet catches its request's errors, so these two only happen if it was killed or broke.
  if (!g.successful()) return { url, ok: false, error: { code: codeOf(g.exception), message: errorMessageOf(g.exception) }, latencyMs: 0 };
  const r = g.value;
  if (r instanceof GreenletExit || r === undefined) return { url, ok: false, error: { code: 'CANCELLED', message: 'killed' }, latencyMs: 0 };
  if (r.error !== undefined || r.status === undefined) {
    return { url, ok: false, error: { code: codeOf(r.error), message: errorMessageOf(r.error) }, latencyMs: r.latencyMs };
  }
  const { status } = r;
  if (status < 200 || status > 299) {
    return { url, ok: false, status, error: { code: 'HTTP_STATUS', message: `HTTP ${status}` }, latencyMs: r.latencyMs };
  }
  return { url, ok: true, status, bodyBytes: r.bodyBytes ?? 0, bodyMatches: r.bodyMatches ?? false, latencyMs: r.latencyMs };
}

async function urlFetch(job: UrlFetchJob): Promise<FetchOutcome[]> {
  const hub = new Hub();
  const jobs = await ended(hub, hub.run(fetchAll, job.urls, job.concurrency, job.timeoutMs / 1000, job.checkBody));
  return jobs.map((g, i) => outcomeOf(job.urls[i]!, g));
}

/**
 * Runs `main` (a server scenario's main greenlet, handed the callback serve.ts calls once it listens) as the main
 * greenlet of `hub`; resolves once it listens, with its port and a close() that stops it and waits for main's end.
 */
function startServing(hub: Hub, main: (onListening: (server: StreamServer) => void) => Green<void>): Promise<EchoServerHandle> {
  return new Promise((resolve, reject) => {
    let server: StreamServer | undefined;
    const g = hub.run(main, (s: StreamServer) => {
      server = s;
      resolve({ port: s.address[1], close });
    });
    const done = ended(hub, g);
    // Before listening, an end of main is a failure to start (e.g. EADDRINUSE); after, close() awaits it.
    done.catch((err: unknown) => {
      if (server === undefined) reject(err);
    });
    const close = async (): Promise<void> => {
      if (!g.dead && server !== undefined) hub.spawn(stopServing, server);
      await done;
    };
  });
}

function startEchoServer(options: EchoServerOptions): Promise<EchoServerHandle> {
  return startServing(new Hub(), (onListening) => serveEcho([options.host, options.port], onListening));
}

async function startCpuServer(options: CpuServerOptions): Promise<CpuServerHandle> {
  const hub = new Hub();
  const pool = options.mode === 'offload' ? new ThreadPool(options.threads, hub) : undefined;
  const work = new CpuWork(options, pool);
  let server: EchoServerHandle;
  try {
    server = await startServing(hub, (onListening) => serveCpu([options.host, options.port], work, onListening));
  } catch (err) {
    await pool?.kill();
    throw err;
  }
  return {
    port: server.port,
    workDone: () => work.done + (work.sink & 0), // the sink read here keeps the results live
    ...(pool ? { executorStats: () => pool.stats(), resetWindow: () => pool.resetWindow() } : {}),
    async close() {
      await server.close();
      await pool?.kill();
    },
  };
}

function raceCounter(options: RaceOptions): Promise<RaceOutcome> {
  const hub = new Hub();
  return ended(hub, hub.run(race, options));
}

/** Each row's case runs as the main greenlet of a hub of its own, as the gevent reference runs in gevent's. */
const faults: FaultDriver = {
  idioms,
  async run(caseId, idiom, env) {
    const hub = new Hub();
    await ended(hub, hub.run(runCase, caseId, idiom, env));
  },
};

const driver: StyleDriver = {
  name: 'fiber',
  description: 'gevent-style green threads: generator greenlets parked on Waiters by a hub on the Node loop',
  urlFetch,
  startEchoServer,
  startCpuServer,
  raceCounter,
  stats: () => sumStats(liveHubs),
  faults,
};
export default driver;
