/**
 * The fault cases (scenarios/faults.ts) as Tornado 5.1 callback code, step for step as the real Tornado 5.1.1 runs
 * them (impls/reference/faults/tornado5_cases.py, tornado_callbacks.py); the rows are held to that system's in
 * faults.test.ts.
 *
 * Each child's fetch ends in a response callback. Callbacks cannot be gathered: the join is a counter in shared state
 * (Join), and the callback that brings it to zero is where the caller regains control, with the responses, errors
 * among them as responses whose `error` is set. Nothing joins a callback that throws: the IOLoop logs it and carries
 * on, and the counter never reaches zero, so the caller waits for ever. Two idioms:
 * - `checks-error`: the response callback tests `response.error` before using the body, as Tornado's examples do;
 * - `forgets-check`: it uses the body without testing (`response.body!`: TypeScript makes the omission visible).
 *
 * Only the adapter calls runFaultCase (its FaultDriver), which starts the loop; the case stops it once the caller's
 * scope has ended.
 */
import type { FaultCaseId, FaultEnv, FaultRecorder } from '../../contract.ts';
import { burnCpu, FAULT_PARAMS } from '../../../scenarios/faults.ts';
import { Future } from '../concurrent.ts';
import { AsyncHTTPClient, HTTPRequest, type HTTPResponse } from '../httpclient.ts';
import { IOLoop } from '../ioloop.ts';
import { childStarts, childUses, fireAndForgetChild, planChildren, raiseHandlerError, type ChildPlan } from '../../../scenarios/fault-plan.ts';

export const IDIOMS = ['checks-error', 'forgets-check'] as const;
export type Idiom = (typeof IDIOMS)[number];

const P = FAULT_PARAMS;

// #region fault-http-500
/** The callback style's join: the responses by child, and the callback to call once the last one has arrived. */
class Join {
  private readonly waiting: Set<number>;
  private readonly responses = new Map<number, HTTPResponse>();

  constructor(
    indices: readonly number[],
    private readonly onAll: (responses: HTTPResponse[]) => void,
  ) {
    this.waiting = new Set(indices);
  }

  /** Children whose response has not arrived. */
  get stillWaiting(): number {
    return this.waiting.size;
  }

  arrived(index: number, response: HTTPResponse): void {
    this.responses.set(index, response);
    this.waiting.delete(index);
    if (this.waiting.size === 0) this.onAll([...this.responses.keys()].sort((a, b) => a - b).map((i) => this.responses.get(i)!));
  }
}

/** One child: its fetch, and the response callback that uses the body and then reports to the join. */
function startChild(plan: ChildPlan, idiom: Idiom, record: FaultRecorder, client: AsyncHTTPClient, join: Join): void {
  const ioLoop = IOLoop.current();
  childStarts(record, plan);

  function onResponse(response: HTTPResponse): void {
    try {
      if (idiom === 'forgets-check' || !response.error) {
        childUses(record, plan, response.body!.toString('utf8'));
        if (plan.hookThrows) ioLoop.addCallback(raiseHandlerError, record, plan.index, 'the callback scheduled on completion');
      }
    } finally {
      record.childFinally(plan.index);
    }
    join.arrived(plan.index, response);
  }

  client.fetch(new HTTPRequest(plan.url, { requestTimeout: plan.timeout }), onResponse);
}

/**
 * The caller: starts the children, and regains control in the response callback that brings the join to zero, with
 * every response, errors among them. `scopeEnds` then winds the case down.
 */
function startChildren(plans: readonly ChildPlan[], idiom: Idiom, record: FaultRecorder, client: AsyncHTTPClient, scopeEnds: () => void): void {
  const join = new Join(
    plans.map((p) => p.index),
    function callerRegainsControl(responses) {
      record.caller('returned', responses);
      record.scopeEnded(join.stillWaiting);
      scopeEnds();
    },
  );
  for (const plan of plans) startChild(plan, idiom, record, client, join);
}
// #endregion

/** Runs `caseId` on the current IOLoop: starts the loop, which the case stops once the caller's scope has ended. */
export function runFaultCase(caseId: FaultCaseId, idiom: Idiom, env: FaultEnv): void {
  const ioLoop = IOLoop.current();
  const { record } = env;
  // Tornado's AsyncHTTPClient() is one client per loop; here each `new` is a client, so the case makes one and
  // closes it when done (docs/departures.md#callback-client-not-shared).
  const client = new AsyncHTTPClient();

  function scopeEnds(): void {
    client.close();
    ioLoop.stop();
  }

  if (caseId === 'unjoined-child-throws') ioLoop.callLater(P.unjoinedThrowAfterS, fireAndForgetChild, record);
  // #region fault-cancel-parent
  if (caseId === 'cancel-parent') {
    // The callback API has nothing to cancel: no handle on a fetch in flight, no task for the parent (the join). The
    // moment is recorded; the parent ends when its children's callbacks have all run.
    ioLoop.callLater(P.cancelAfterS, () => record.fault(0));
  }
  // #endregion
  if (caseId === 'deadlock') {
    // A Future nothing will complete: the running loop has nothing left to do, and holds the process (it hangs).
    record.fault(0);
    ioLoop.addFuture(new Future(), (future) => {
      record.caller('returned', [future.result()]);
      record.scopeEnded(0);
      scopeEnds();
    });
  }
  startChildren(planChildren(caseId, env), idiom, record, client, scopeEnds);
  // After the fetches were started, as the reference does (a first fetch does its one-off work synchronously).
  if (caseId === 'blocking-timeout') ioLoop.callLater(P.blockingBurnStartS, burnCpu, P.blockingBurnS);
  ioLoop.start();
}
