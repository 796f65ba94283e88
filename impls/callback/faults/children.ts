/**
 * The children of each fault case as scenarios/faults.ts sets them up (what each fetches, with what timeout, and how
 * it fails), and the user code that fails: the same plan every system's cases follow
 * (impls/reference/faults/fault_catalogue.py is the Python one). Nothing here is particular to the callback style;
 * cases.ts is the callback program that runs them.
 */
import type { FaultCaseId, FaultEnv, FaultRecorder } from '../../contract.ts';
import { childUrl, FAULT_PARAMS, HandlerError, refusedChildUrl } from '../../../scenarios/faults.ts';

export interface ChildPlan {
  index: number;
  url: string;
  /** record.fault(i) just before the request: the request itself is the fault (or its deadline is armed). */
  faultAtRequest: boolean;
  /** The per-request timeout in seconds, or undefined for the client's default. */
  timeout: number | undefined;
  /** The code that processes the response throws HandlerError. */
  throws: boolean;
  /** The child's completion hook throws HandlerError. */
  hookThrows: boolean;
}

const P = FAULT_PARAMS;

function child(index: number, url: string, options: Partial<Omit<ChildPlan, 'index' | 'url'>> = {}): ChildPlan {
  return { index, url, faultAtRequest: false, timeout: undefined, throws: false, hookThrows: false, ...options };
}

/**
 * The children of `caseId`, in start order. The parts a case has beside its children (the fire-and-forget child, the
 * burn, the wait nothing can end) are the case program's own.
 */
export function planChildren(caseId: FaultCaseId, env: FaultEnv): ChildPlan[] {
  const url = (path: string, i: number): string => childUrl(env, path, i);
  const healthy = (i: number, options: Partial<ChildPlan> = {}): ChildPlan => child(i, url(P.healthyPath, i), options);
  const rest = (from: number, options: Partial<ChildPlan> = {}): ChildPlan[] =>
    Array.from({ length: P.children - from }, (_, k) => healthy(from + k, options));
  switch (caseId) {
    case 'baseline':
      return rest(0);
    case 'http-500':
      return [child(0, url('/status/500', 0), { faultAtRequest: true }), ...rest(1)];
    case 'refused':
      return [child(0, refusedChildUrl(env, 0), { faultAtRequest: true }), ...rest(1)];
    case 'reset-mid-body':
      return [child(0, url('/reset', 0), { faultAtRequest: true }), ...rest(1)];
    case 'timeout': {
      const timeout = P.requestTimeoutS;
      return [child(0, url('/hang', 0), { faultAtRequest: true, timeout }), ...rest(1, { timeout })];
    }
    case 'handler-throws':
      return [child(0, url(P.handlerThrowsPath, 0), { throws: true }), ...rest(1)];
    case 'two-fail':
      return [child(0, url(P.twoFailHttpPath, 0), { faultAtRequest: true }), child(1, refusedChildUrl(env, 1), { faultAtRequest: true }), ...rest(2)];
    case 'unjoined-child-throws':
      return rest(1);
    case 'cancel-parent':
      return Array.from({ length: P.children }, (_, i) => child(i, url(P.cancelChildPath, i)));
    case 'blocking-timeout':
      return [child(0, url('/hang', 0), { faultAtRequest: true, timeout: P.blockingTimeoutS }), ...rest(1)];
    case 'completion-callback-throws':
      return [healthy(0, { hookThrows: true }), ...rest(1)];
    case 'deadlock':
      return [];
  }
}

/** A child issuing its request: recorded, and the fault with it when the request is the fault. */
export function childStarts(record: FaultRecorder, plan: ChildPlan): void {
  record.childStart(plan.index);
  if (plan.faultAtRequest) record.fault(plan.index);
}

/** A child's user code processing the response body it got: it fails where the case says, else the child is done. */
export function childUses(record: FaultRecorder, plan: ChildPlan, body: string): string {
  if (plan.throws) raiseHandlerError(record, plan.index, 'processing the response');
  record.childDone(plan.index);
  return body;
}

/** User code failing: the fault is recorded as it is about to throw. */
export function raiseHandlerError(record: FaultRecorder, child: number, where: string): never {
  record.fault(child);
  throw new HandlerError(`${where} of child ${child} failed`);
}

/** The body of `unjoined-child-throws`'s child 0, once its delay has passed in the style's way. */
export function fireAndForgetChild(record: FaultRecorder): void {
  record.childStart(0);
  try {
    raiseHandlerError(record, 0, 'the fire-and-forget work');
  } finally {
    record.childFinally(0);
  }
}
