/**
 * The children of each fault case as faults.ts sets them up (what each fetches, with what timeout, and how it
 * fails), and the user code that fails: the TypeScript twin of plan() and its helpers in
 * impls/reference/faults/fault_catalogue.py, so that every style's cases take the same steps, in the same order, as
 * the real systems'. Nothing here belongs to a style; each style's faults/cases.ts waits, fetches and fails in its
 * own idiom on top of it.
 */
import type { FaultCaseId, FaultEnv, FaultRecorder } from '../impls/contract.ts';
import { FAULT_PARAMS, HandlerError, childUrl, refusedChildUrl } from './faults.ts';

/** One child of a case: what it fetches, and how it fails if it does. */
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

type Extras = Partial<Pick<ChildPlan, 'faultAtRequest' | 'timeout' | 'throws' | 'hookThrows'>>;

function child(index: number, url: string, extras: Extras = {}): ChildPlan {
  return { index, url, faultAtRequest: false, timeout: undefined, throws: false, hookThrows: false, ...extras };
}

/**
 * The children of `caseId`, in start order. The parts a case has of its own (the fire-and-forget child, the parent,
 * the CPU burn, the wait nothing can end) are built by cases.ts; this is what every system shares.
 */
export function planChildren(caseId: FaultCaseId, env: FaultEnv): ChildPlan[] {
  const P = FAULT_PARAMS;
  const url = (path: string, i: number): string => childUrl(env, path, i);
  const healthy = (i: number, extras: Extras = {}): ChildPlan => child(i, url(P.healthyPath, i), extras);
  const rest = (extras: Extras = {}): ChildPlan[] => Array.from({ length: P.children - 1 }, (_, k) => healthy(k + 1, extras));
  const fault = { faultAtRequest: true };
  switch (caseId) {
    case 'baseline':
      return [healthy(0), ...rest()];
    case 'http-500':
      return [child(0, url('/status/500', 0), fault), ...rest()];
    case 'refused':
      return [child(0, refusedChildUrl(env, 0), fault), ...rest()];
    case 'reset-mid-body':
      return [child(0, url('/reset', 0), fault), ...rest()];
    case 'timeout':
      return [child(0, url('/hang', 0), { ...fault, timeout: P.requestTimeoutS }), ...rest({ timeout: P.requestTimeoutS })];
    case 'handler-throws':
      return [child(0, url(P.handlerThrowsPath, 0), { throws: true }), ...rest()];
    case 'two-fail':
      return [child(0, url(P.twoFailHttpPath, 0), fault), child(1, refusedChildUrl(env, 1), fault), ...rest().slice(1)];
    case 'unjoined-child-throws':
      return rest();
    case 'cancel-parent':
      return Array.from({ length: P.children }, (_, i) => child(i, url(P.cancelChildPath, i)));
    case 'blocking-timeout':
      return [child(0, url('/hang', 0), { ...fault, timeout: P.blockingTimeoutS }), ...rest()];
    case 'completion-callback-throws':
      return [healthy(0, { hookThrows: true }), ...rest()];
    case 'deadlock':
      return [];
  }
}

/** A child issuing its request: recorded, and the fault with it when the request is the fault. */
export function childStarts(record: FaultRecorder, p: ChildPlan): void {
  record.childStart(p.index);
  if (p.faultAtRequest) record.fault(p.index);
}

/** A child's user code processing the response it got: it fails where the case says, else the child is done. */
export function childUses<T>(record: FaultRecorder, p: ChildPlan, body: T): T {
  if (p.throws) raiseHandlerError(record, p.index, 'processing the response');
  record.childDone(p.index);
  return body;
}

/** User code failing: the fault is recorded as it is about to throw. */
export function raiseHandlerError(record: FaultRecorder, child: number, where: string): never {
  record.fault(child);
  throw new HandlerError(`${where} of child ${child} failed`);
}

/** The body of `unjoined-child-throws`'s child 0, once its delay has passed in the style's way. */
export function fireAndForgetChild(record: FaultRecorder): never {
  record.childStart(0);
  try {
    raiseHandlerError(record, 0, 'the fire-and-forget work');
  } finally {
    record.childFinally(0);
  }
}
