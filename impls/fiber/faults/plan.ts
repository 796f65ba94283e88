/**
 * The children of each fault case and the user code that fails, as scenarios/faults.ts specifies them: the same
 * plans, in the same order, as impls/reference/faults/fault_catalogue.py gives the gevent reference. cases.ts writes
 * the case in the fiber style's idiom on top of them.
 */
import type { FaultCaseId, FaultEnv, FaultRecorder } from '../../contract.ts';
import { FAULT_PARAMS as P, childUrl, HandlerError, refusedChildUrl } from '../../../scenarios/faults.ts';

/** One child of a case: what it fetches, and how it fails if it does. */
export interface ChildPlan {
  index: number;
  url: string;
  /** record.fault(i) just before the request: the request itself is the fault (or its deadline is armed). */
  faultAtRequest?: boolean;
  /** A Timeout around the fetch, in seconds. */
  timeout?: number;
  /** The code that processes the response raises HandlerError. */
  throws?: boolean;
  /** The child's completion hook (its link callback) raises HandlerError. */
  hookThrows?: boolean;
}

/**
 * The children of `caseId`, in start order. Parts of a case that are not children (the fire-and-forget greenlet, the
 * parent, the burn, the wait nothing ends) are cases.ts's.
 */
export function plan(caseId: FaultCaseId, env: FaultEnv): ChildPlan[] {
  const url = (path: string, i: number): string => childUrl(env, path, i);
  const healthy = (i: number, extra: Partial<ChildPlan> = {}): ChildPlan => ({ index: i, url: url(P.healthyPath, i), ...extra });
  const rest = (from: number, extra: Partial<ChildPlan> = {}): ChildPlan[] =>
    Array.from({ length: P.children - from }, (_, k) => healthy(from + k, extra));
  switch (caseId) {
    case 'baseline':
      return rest(0);
    case 'http-500':
      return [{ index: 0, url: url('/status/500', 0), faultAtRequest: true }, ...rest(1)];
    case 'refused':
      return [{ index: 0, url: refusedChildUrl(env, 0), faultAtRequest: true }, ...rest(1)];
    case 'reset-mid-body':
      return [{ index: 0, url: url('/reset', 0), faultAtRequest: true }, ...rest(1)];
    case 'timeout':
      return [{ index: 0, url: url('/hang', 0), faultAtRequest: true, timeout: P.requestTimeoutS }, ...rest(1, { timeout: P.requestTimeoutS })];
    case 'handler-throws':
      return [{ index: 0, url: url(P.handlerThrowsPath, 0), throws: true }, ...rest(1)];
    case 'two-fail':
      return [
        { index: 0, url: url(P.twoFailHttpPath, 0), faultAtRequest: true },
        { index: 1, url: refusedChildUrl(env, 1), faultAtRequest: true },
        ...rest(2),
      ];
    case 'unjoined-child-throws':
      return rest(1);
    case 'cancel-parent':
      return Array.from({ length: P.children }, (_, i) => ({ index: i, url: url(P.cancelChildPath, i) }));
    case 'blocking-timeout':
      return [{ index: 0, url: url('/hang', 0), faultAtRequest: true, timeout: P.blockingTimeoutS }, ...rest(1)];
    case 'completion-callback-throws':
      return [healthy(0, { hookThrows: true }), ...rest(1)];
    case 'deadlock':
      return [];
  }
}

/** A child issuing its request: recorded, and the fault with it when the request is the fault. */
export function childStarts(rec: FaultRecorder, p: ChildPlan): void {
  rec.childStart(p.index);
  if (p.faultAtRequest) rec.fault(p.index);
}

/** A child's user code processing the response it got: it fails where the case says, else the child is done. */
export function childUses<T>(rec: FaultRecorder, p: ChildPlan, body: T): T {
  if (p.throws) raiseHandlerError(rec, p.index, 'processing the response');
  rec.childDone(p.index);
  return body;
}

/** User code failing: the fault is recorded as it is about to throw. */
export function raiseHandlerError(rec: FaultRecorder, child: number, where: string): never {
  rec.fault(child);
  throw new HandlerError(`${where} of child ${child} failed`);
}

/** The body of `unjoined-child-throws`'s child 0, once its delay has passed in the style's way. */
export function fireAndForgetChild(rec: FaultRecorder): void {
  rec.childStart(0);
  try {
    raiseHandlerError(rec, 0, 'the fire-and-forget work');
  } finally {
    rec.childFinally(0);
  }
}
