/**
 * What a fault-case child prints on stdout, one JSON object a line, in TypeScript (harness/agents/fault-case.ts) and
 * in Python (impls/reference/faults/recorder.py) alike. `t` is milliseconds since the child started the case, on
 * the child's own monotonic clock. The child folds its stderr into `log` events as it writes it; whatever still
 * reaches the real stderr pipe (a crash printed by the runtime itself) the parent adds as `log` events too.
 */

/** An error as the case saw it: its class, the shared kind both languages agree on, and a group's members. */
export interface ErrorInfo {
  cls: string;
  kind: ErrorKind;
  members?: ErrorInfo[];
}

/**
 * Shared names for what went wrong, so a Python row and a TypeScript row can be compared: the class names differ
 * (HTTPClientError, ClientResponseError, HttpStatusError), the kind does not.
 */
export const ERROR_KINDS = ['http-500', 'http-other', 'refused', 'reset', 'timeout', 'handler-error', 'cancelled', 'loop-exit', 'group', 'type-error', 'other'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export type CaseEvent =
  /** `note`: what the system's module says the report should know (a reference written on a later release, say). */
  | { ev: 'hello'; t: number; system: string; version?: string; note?: string; case: string; idiom: string }
  | { ev: 'unsupported'; t: number; reason: string }
  | { ev: 'fault'; t: number; child: number }
  | { ev: 'child-start'; t: number; child: number }
  | { ev: 'child-done'; t: number; child: number }
  | { ev: 'finally'; t: number; child: number }
  | { ev: 'caller'; t: number; how: 'raised' | 'returned'; errors: ErrorInfo[]; results?: number }
  /** `wall`: epoch milliseconds, the clock the target server records requests on. */
  | { ev: 'scope-ended'; t: number; running: number; wall?: number }
  | { ev: 'log'; t: number; line: string; source?: 'pipe' }
  | { ev: 'handles'; t: number; open: string[] }
  | { ev: 'end'; t: number };

/** An event as a child writes it: the recorder stamps `t` unless given. */
export type EventInit = CaseEvent extends infer E ? (E extends CaseEvent ? Omit<E, 't'> & { t?: number } : never) : never;

export { LINGER_MS } from '../../scenarios/faults.ts';
