/**
 * The fault matrix: error propagation measured by observation. Every case is written idiomatically in every style
 * (and in the real Python systems, impls/reference/faults/), with the same set-up, and reports what happened through
 * a FaultRecorder (impls/contract.ts). The harness (harness/faults/) runs each row in a child process of its own,
 * watches its stderr, exit and the target server's per-row counts, and classifies the row from what it saw.
 *
 * The set-up every case shares, unless its entry says otherwise:
 * - CHILDREN (5) concurrent children, each fetching one URL of the target server built with `childUrl` (the row's
 *   tag and the child's index ride in the query, so the server can count them); healthy children fetch HEALTHY_PATH;
 *   the faulty child is child 0, started first.
 * - Each child calls `record.childStart(i)` as it issues its request, `record.childDone(i)` once its response is
 *   complete and used, and `record.childFinally(i)` from its `finally` block (or its style's clean-up hook).
 * - The code that injects the fault calls `record.fault(i)` at the moment the fault begins (just before issuing the
 *   failing request, arming the deadline, throwing, or cancelling).
 * - The caller waits for the children in the idiom's way and calls `record.caller(...)` as soon as it regains
 *   control: 'raised' with what its wait point threw, or 'returned' with the results it got (errors among them, as
 *   objects or as responses with `error` set, count as error values). Then `record.scopeEnded(n)` with the number of
 *   its children not finished by then, and the case's scope winds down.
 *
 * Times are seconds, as in the systems imitated; the TypeScript styles take seconds too.
 *
 * One more row per system needs no case code: `echo-client-vanishes` (harness/faults/echo-attack.ts) attacks the
 * system's echo server with clients that reset mid-message, read slowly or connect and stall, while ten
 * well-behaved clients keep echoing.
 */
import type { FaultCaseId, FaultEnv } from '../impls/contract.ts';

export const FAULT_PARAMS = {
  children: 5,
  healthyPath: '/delay/200',
  /**
   * The per-request timeout of `timeout` (every request of that case has it): far above a healthy fetch, which took
   * up to 300 ms on a loaded 2-core machine (a 0.3 s deadline timed all five out now and then).
   */
  requestTimeoutS: 1.0,
  /**
   * What child 0 of `handler-throws` fetches: its response arrives well before its siblings', so what the caller
   * learns first (and what is still running then) does not depend on which of five equal responses lands first.
   */
  handlerThrowsPath: '/delay/0',
  /**
   * What child 0 of `two-fail` fetches: a 500 sent 100 ms in, after child 1's refusal (which comes at once) and
   * before the healthy 200 ms. An undelayed 500 raced the refusal, and which came first decided what the caller got.
   */
  twoFailHttpPath: '/status/500?delay=100',
  /** When the fire-and-forget child of `unjoined-child-throws` throws. */
  unjoinedThrowAfterS: 0.02,
  /**
   * `cancel-parent`: what the children fetch, and when the parent is cancelled: late enough that every request has
   * reached the server even on a loaded machine (at 0.2 s, a gevent row now and then had sent none), and early enough
   * that none has finished.
   */
  cancelChildPath: '/delay/2000',
  cancelAfterS: 0.5,
  /**
   * `blocking-timeout`: the deadline on a /hang fetch, and the CPU burned on the same loop meanwhile, starting this
   * long after the children were started, so that their requests are on the wire first (a system's first fetch does
   * one-off work, a resolver thread or Tornado 5.1's imports, that took up to 0.1 s here). The deadline passes and
   * the healthy responses arrive while the burn runs.
   */
  blockingTimeoutS: 0.2,
  blockingBurnS: 0.4,
  blockingBurnStartS: 0.1,
} as const;

/**
 * How long a child keeps its loop running after the caller's scope ended, for failures reported late, and for the
 * children a caller left running to finish (a healthy 200 ms fetch needed more than 400 ms on a loaded machine).
 */
export const LINGER_MS = 800;

export interface FaultCaseSpec {
  id: FaultCaseId;
  /** One line for the report. */
  title: string;
  /** What the case does, in every style (the contract the implementations follow). */
  steps: string;
  /** Errors the case injects: the denominator of the error accounting. */
  injected: number;
  /** Run alone, never beside another row (its timing is the observation). */
  alone?: boolean;
}

const P = FAULT_PARAMS;

export const FAULT_CASES: readonly FaultCaseSpec[] = [
  {
    id: 'baseline',
    title: '5 healthy fetches',
    steps: `${P.children} children fetch ${P.healthyPath}; the caller waits for all. Nothing may surface or be logged (the control row).`,
    injected: 0,
  },
  {
    id: 'http-500',
    title: 'one child gets HTTP 500',
    steps: 'Child 0 fetches /status/500 and treats a non-2xx status as its system\'s client does (Tornado: response.error; gevent + urllib: HTTPError; aiohttp: raise_for_status); the caller waits for all.',
    injected: 1,
  },
  {
    id: 'refused',
    title: 'one child\'s connection is refused',
    steps: 'Child 0 fetches env.refusedUrl, a loopback port with no listener.',
    injected: 1,
  },
  {
    id: 'reset-mid-body',
    title: 'one child\'s response is cut by a reset',
    steps: 'Child 0 fetches /reset: the head promises 1000 bytes, 100 arrive, then the server destroys the connection.',
    injected: 1,
  },
  {
    id: 'timeout',
    title: 'one child times out',
    steps: `Child 0 fetches /hang; every request has a ${P.requestTimeoutS} s timeout in the style's own idiom (callback: the client's request_timeout; fiber: a Timeout around the fetch; async: wait_for).`,
    injected: 1,
  },
  {
    id: 'handler-throws',
    title: 'the code handling one response throws',
    steps: `Child 0 fetches ${P.handlerThrowsPath}; its response arrives fine, then the user code that processes it raises HandlerError (callback: inside the response callback), while its siblings' responses are still on their way.`,
    injected: 1,
  },
  {
    id: 'two-fail',
    title: 'two children fail at about the same moment',
    steps: `Child 1 fetches env.refusedUrl (refused at once) and child 0 ${P.twoFailHttpPath} (its 500 comes later, before the healthy responses); how many of the two errors reach the caller, are only logged, or vanish?`,
    injected: 2,
  },
  {
    id: 'unjoined-child-throws',
    title: 'a fire-and-forget child throws',
    steps: `Child 0 is started and never waited for (callback: a call_later callback; fiber: a spawned greenlet nobody joins; async: a task nobody awaits); it raises HandlerError ${P.unjoinedThrowAfterS} s in. Meanwhile the caller runs children 1-4 (${P.healthyPath}) and waits for those four only.`,
    injected: 1,
  },
  {
    id: 'cancel-parent',
    title: 'a parent with children in flight is cancelled',
    steps: `A parent starts ${P.children} children fetching ${P.cancelChildPath} and waits for them in the idiom's way; ${P.cancelAfterS} s in, the caller cancels (kills) the parent, calling record.fault(0), waits for the parent to end, and reports what that wait gave. Do the children stop (confirmed by the server), do their finally blocks run, is anything left running?`,
    injected: 1,
  },
  {
    id: 'blocking-timeout',
    title: 'a timeout while the loop is blocked',
    steps: `Child 0 fetches /hang under a ${P.blockingTimeoutS} s timeout (record.fault(0) as it is armed), children 1-4 ${P.healthyPath} with none; ${P.blockingBurnStartS} s after the children were started, other code on the same loop burns ${P.blockingBurnS} s of CPU without yielding (callback: a call_later callback; fiber: a spawn_later greenlet; async: a task that sleeps first). When does the caller learn of the timeout? Runs alone.`,
    injected: 1,
    alone: true,
  },
  {
    id: 'completion-callback-throws',
    title: 'a completion hook throws',
    steps: `${P.children} healthy children as in baseline; child 0's completion hook raises HandlerError (callback: a callback the response callback schedules with add_callback; fiber: greenlet.link(cb); async: task.add_done_callback(cb)). The caller waits for all ${P.children} as usual.`,
    injected: 1,
  },
  {
    id: 'deadlock',
    title: 'waiting for something nothing will set',
    steps: 'The caller waits on an event/future nothing can ever set (record.fault(0) as the wait starts): does the style raise (gevent\'s LoopExit) or hang? The harness\'s watchdog bounds a hang and records it as one.',
    injected: 1,
  },
];

export function faultCase(id: FaultCaseId): FaultCaseSpec {
  const spec = FAULT_CASES.find((c) => c.id === id);
  if (!spec) throw new Error(`unknown fault case '${id}'`);
  return spec;
}

/** The URL child `child` of a row fetches: `path` on the target server, tagged for the server's per-row counts. */
export function childUrl(env: Pick<FaultEnv, 'baseUrl' | 'tag'>, path: string, child: number): string {
  return `${env.baseUrl}${path}${path.includes('?') ? '&' : '?'}tag=${encodeURIComponent(env.tag)}&child=${child}`;
}

/** The refused URL, tagged like the others (nothing will count it: nothing listens). */
export function refusedChildUrl(env: Pick<FaultEnv, 'refusedUrl' | 'tag'>, child: number): string {
  return `${env.refusedUrl}?tag=${encodeURIComponent(env.tag)}&child=${child}`;
}

/** The error class a case throws from user code, by this name in every language. */
export class HandlerError extends Error {
  override name = 'HandlerError';
}

/** Burns `seconds` of CPU without yielding: the blocking work of `blocking-timeout`. */
export function burnCpu(seconds: number): void {
  const until = performance.now() + seconds * 1000;
  let x = 0;
  while (performance.now() < until) x = (x * 31 + 7) % 1_000_003;
  if (x < 0) throw new Error('unreachable');
}
