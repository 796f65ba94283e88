/**
 * The fault cases (scenarios/faults.ts) as a gevent programmer writes them, step for step as the gevent reference,
 * impls/reference/faults/gevent_cases.py: each child is a greenlet that fetches with urlopen (HTTPError for a 500)
 * under a Timeout where the case has a deadline, and the caller waits for its children in one of two idioms:
 * `joinall` (joinall, then each greenlet's value or exception) or `get` (get() on each in spawn order: the first
 * failure raises). `cancel-parent` has its own two: a parent greenlet that joinalls its children is killed with a
 * plain `kill`, or is one that killalls its children in a `finally` block (`killall-finally`); the caller then
 * reports what the dead parent's get() gives.
 *
 * The case runs as its hub's main greenlet (adapter.ts), as the reference runs in gevent's main greenlet, so that a
 * wait nothing can end raises LoopExit there.
 */
import type { FaultCaseId, FaultEnv, FaultRecorder } from '../../contract.ts';
import { FAULT_PARAMS as P, burnCpu } from '../../../scenarios/faults.ts';
import { spawn, spawnLater, type Greenlet } from '../greenlet.ts';
import { sleep } from '../hub.ts';
import { Event } from '../sync.ts';
import { Timeout } from '../timeout.ts';
import { urlopen } from '../urllib.ts';
import { joinall, killall } from '../wait.ts';
import type { Green } from '../waiter.ts';
import { childStarts, childUses, fireAndForgetChild, planChildren, raiseHandlerError, type ChildPlan } from '../../../scenarios/fault-plan.ts';

/** The idioms the caller waits in, per case (the gevent reference's IDIOMS). */
export function idioms(caseId: FaultCaseId): readonly string[] {
  return caseId === 'cancel-parent' ? ['kill', 'killall-finally'] : ['joinall', 'get'];
}

type Children = Array<Greenlet<Buffer>>;

// #region fault-http-500
function* fetch(url: string): Green<Buffer> {
  const response = yield* urlopen(url); // a 500 raises HTTPError
  return response.read();
}

function* child(p: ChildPlan, rec: FaultRecorder): Green<Buffer> {
  childStarts(rec, p);
  try {
    let body: Buffer;
    if (p.timeout === undefined) body = yield* fetch(p.url);
    else {
      const deadline = Timeout.startNew(p.timeout);
      try {
        body = yield* fetch(p.url);
      } finally {
        deadline.cancel();
      }
    }
    return childUses(rec, p, body);
  } finally {
    rec.childFinally(p.index);
  }
}

function spawnChildren(plans: readonly ChildPlan[], rec: FaultRecorder, greenlets: Children): void {
  for (const p of plans) {
    const g = spawn(child, p, rec);
    if (p.hookThrows) g.link(() => raiseHandlerError(rec, p.index, 'the link callback'));
    greenlets.push(g);
  }
}

/** joinall: wait for every child, then take each one's value or exception. */
function* joinallWait(plans: readonly ChildPlan[], rec: FaultRecorder, greenlets: Children): Green<unknown[]> {
  spawnChildren(plans, rec, greenlets);
  yield* joinall(greenlets);
  return greenlets.map((g) => (g.successful() ? g.value : g.exception));
}

/** get: each child's value in spawn order; the first failure raises here. */
function* getWait(plans: readonly ChildPlan[], rec: FaultRecorder, greenlets: Children): Green<unknown[]> {
  spawnChildren(plans, rec, greenlets);
  const results: Buffer[] = [];
  for (const g of greenlets) results.push(yield* g.get());
  return results;
}
// #endregion

const WAITS: Record<string, typeof joinallWait> = { joinall: joinallWait, get: getWait };

// #region fault-cancel-parent
function* parent(idiom: string, plans: readonly ChildPlan[], rec: FaultRecorder, greenlets: Children): Green<void> {
  spawnChildren(plans, rec, greenlets);
  try {
    yield* joinall(greenlets);
  } finally {
    if (idiom === 'killall-finally') yield* killall(greenlets);
  }
}

function* killAndGet(parent: Greenlet<void>): Green<unknown[]> {
  yield* parent.kill(); // waits until the parent is dead
  return [yield* parent.get()];
}
// #endregion

function* nothingSets(rec: FaultRecorder): Green<unknown[]> {
  rec.fault(0);
  yield* new Event().wait();
  return [];
}

/** The caller at its wait point: it reports what the wait gave, then how many of its children still run. */
function* caller(rec: FaultRecorder, wait: () => Green<unknown[]>, greenlets: Children): Green<void> {
  let results: unknown[] | undefined;
  try {
    results = yield* wait();
  } catch (err) {
    // LoopExit and GreenletExit too: what the wait point threw is the observation.
    rec.caller('raised', err);
  }
  if (results !== undefined) rec.caller('returned', results);
  rec.scopeEnded(greenlets.filter((g) => !g.ready()).length);
}

function* fireAndForget(rec: FaultRecorder): Green<void> {
  yield* sleep(P.unjoinedThrowAfterS);
  fireAndForgetChild(rec);
}

function* burn(seconds: number): Green<void> {
  burnCpu(seconds);
}

/** Green thread only: the main greenlet of one row. Returns once the caller's scope has ended. */
export function* runCase(caseId: FaultCaseId, idiom: string, env: FaultEnv): Green<void> {
  const rec = env.record;
  const plans = planChildren(caseId, env);
  const greenlets: Children = [];
  if (caseId === 'unjoined-child-throws') spawn(fireAndForget, rec);
  else if (caseId === 'blocking-timeout') spawnLater(P.blockingBurnStartS, burn, P.blockingBurnS);
  if (caseId === 'deadlock') yield* caller(rec, () => nothingSets(rec), greenlets);
  else if (caseId === 'cancel-parent') {
    const p = spawn(parent, idiom, plans, rec, greenlets);
    yield* sleep(P.cancelAfterS);
    rec.fault(0);
    yield* caller(rec, () => killAndGet(p), greenlets);
  } else yield* caller(rec, () => WAITS[idiom]!(plans, rec, greenlets), greenlets);
}
