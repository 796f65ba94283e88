/**
 * Turns what a fault row was seen to do (row.ts Observation) into the matrix's categories. Every field comes from an
 * observation: the caller's own report of what its wait point gave it, the lines the process wrote to stderr, how
 * the process ended, and the target server's counts. Nothing is taken from what a style says it does.
 */
import { normalizeTranscript } from '../../conformance/lib/normalize.ts';
import type { TagRecord } from '../target-stats.ts';
import type { CaseEvent, ErrorInfo } from './protocol.ts';
import type { Observation } from './row.ts';

export type Surfaced = 'raised' | 'error-value' | 'none';

export interface FaultRow {
  /** How the caller learnt of failures at its wait point. */
  surfaced: Surfaced;
  /** The error classes the caller got, in arrival order; a group as `Group(Member, Member)`. */
  form: string[];
  /** The same, as shared kinds (protocol.ts), which is what a Python row and a TypeScript row are compared on. */
  kinds: string[];
  /** The process wrote to stderr (cases themselves never do, so it was the style or the runtime). */
  logged: boolean;
  /** One line per distinct thing logged: tracebacks as `traceback <Class>`, other lines as written. */
  logSummary: string[];
  /** The process was still alive when the row ended (it did not crash). */
  processAlive: boolean;
  exitCode: number | undefined;
  signal: string | undefined;
  /** The caller never regained control before the watchdog. */
  callerHung: boolean;
  /** Healthy children whose work completed (their own report). */
  siblingsCompleted: number;
  /** Siblings' requests the server saw the client abandon by the time the caller's scope ended: really cancelled. */
  siblingsCancelled: number;
  /** Children whose finally block ran. */
  finallyRan: number;
  childrenStarted: number;
  leaked: {
    /** The case's own children still running when its scope ended. */
    children: number;
    /** Requests still open at the server when the scope ended. */
    requestsOpen: number;
    /** Node handles still held after the linger (TypeScript rows only). */
    handles?: string[];
  };
  /** From the fault to when the caller got an error, or, if it never did, to the first log line; null if neither. */
  detectMs: number | null;
  errors: { injected: number; reachedCaller: number; onlyLogged: number; vanished: number };
  /** What the harness noticed that the categories do not say. */
  notes: string[];
  /** The row could not run at all (no such idiom, the system is missing): no categories apply. */
  unsupported?: string;
}

/**
 * How long after its scope ended a client's abandoning of a request may take to show at the server: the close is the
 * client's act, before the scope ended, but the server (in the busy harness process) records it when it gets to it.
 * Far below the linger (800 ms), after which the child's exit closes whatever is left.
 */
export const ABORT_GRACE_MS = 400;

/**
 * The row's requests as they stood when its scope ended (`wall`, epoch ms): completed by then (the server's own act,
 * so its time is exact), abandoned by the client by then (with ABORT_GRACE_MS for the close to be seen), or still
 * open. A sibling is any child but the faulty ones: a timed-out child's own request is the fault, not a sibling.
 */
export function requestsAt(record: TagRecord, wall: number, faulty: readonly number[]): { siblingsCancelled: number; open: number } {
  let siblingsCancelled = 0;
  let open = 0;
  for (const r of record.requests) {
    if (r.startedAt > wall + ABORT_GRACE_MS) continue; // not yet started when the scope ended
    const ended = r.endedAt !== undefined;
    if (ended && r.how === 'completed' && r.endedAt! <= wall) continue;
    if (ended && r.how !== 'completed' && r.endedAt! <= wall + ABORT_GRACE_MS) {
      if (r.how === 'aborted' && (r.child === null || !faulty.includes(r.child))) siblingsCancelled++;
      continue;
    }
    open++;
  }
  return { siblingsCancelled, open };
}

/** Errors a caller got, counting a group's members one by one. */
function flatten(errors: readonly ErrorInfo[]): ErrorInfo[] {
  return errors.flatMap((e) => (e.members && e.members.length > 0 ? flatten(e.members) : [e]));
}

function label(e: ErrorInfo, key: 'cls' | 'kind'): string {
  return e.members && e.members.length > 0 ? `${e[key]}(${e.members.map((m) => label(m, key)).join(', ')})` : e[key];
}

/** The log lines of a row, with tracebacks reduced to their class (the conformance normaliser). */
function summariseLog(events: readonly CaseEvent[]): { lines: string[]; records: number } {
  const raw = events.flatMap((e) => (e.ev === 'log' ? [`stderr| ${e.line}`] : [])).join('\n');
  const lines = normalizeTranscript(raw)
    .split('\n')
    .map((l) => l.replace(/^stderr\| /, ''))
    .filter((l) => l.trim() !== '');
  const tracebacks = lines.filter((l) => l.startsWith('traceback ')).length;
  return { lines: [...new Set(lines)], records: tracebacks > 0 ? tracebacks : lines.length > 0 ? 1 : 0 };
}

export function classifyRow(obs: Observation, spec: { injected: number; faultyChildren: readonly number[] }): FaultRow {
  const of = <K extends CaseEvent['ev']>(ev: K) => obs.events.filter((e): e is Extract<CaseEvent, { ev: K }> => e.ev === ev);
  const notes: string[] = [];
  const unsupported = of('unsupported')[0];
  const ended = of('end').length > 0;
  const caller = of('caller')[0];
  const scope = of('scope-ended')[0];
  const faultAt = of('fault')[0]?.t;
  const log = summariseLog(obs.events);

  if (of('hello').length === 0 && !unsupported) notes.push('never started the case: no hello from the child');
  const crashed = !obs.killedByWatchdog && !ended && (obs.exitCode !== 0 || obs.signal !== undefined);
  const exitedEarly = !obs.killedByWatchdog && !ended && !crashed;
  if (crashed) notes.push(`the process died (${obs.signal ? `signal ${obs.signal}` : `exit code ${obs.exitCode}`}) ${caller ? 'after' : 'before'} the caller regained control`);
  if (exitedEarly) notes.push('the process exited with status 0 before the case ended: nothing kept its loop alive');
  if (obs.killedByWatchdog) notes.push(`still running ${Math.round(obs.wallMs)} ms after it started the case: killed by the watchdog`);
  if (obs.noise.length > 0) notes.push(`printed ${obs.noise.length} line(s) that are not protocol, e.g. ${JSON.stringify(obs.noise[0])}`);

  const errors = caller ? caller.errors : [];
  const surfaced: Surfaced = !caller ? 'none' : caller.how === 'raised' ? 'raised' : errors.length > 0 ? 'error-value' : 'none';
  const reached = Math.min(spec.injected, flatten(errors).length);
  const onlyLogged = Math.max(0, Math.min(spec.injected - reached, log.records));
  const firstErrorAt = caller && errors.length > 0 ? caller.t : undefined;
  const firstLogAt = of('log')[0]?.t;
  const detectedAt = firstErrorAt ?? firstLogAt;
  const starts = of('child-start').map((e) => e.child);
  const done = new Set(of('child-done').map((e) => e.child));
  const counts = obs.requests && scope?.wall !== undefined ? requestsAt(obs.requests, scope.wall, spec.faultyChildren) : undefined;
  if (scope === undefined && caller !== undefined) notes.push('the caller regained control but its scope never ended');

  return {
    surfaced,
    form: errors.map((e) => label(e, 'cls')),
    kinds: errors.map((e) => label(e, 'kind')),
    logged: log.lines.length > 0,
    logSummary: log.lines.slice(0, 6),
    processAlive: !crashed && !exitedEarly,
    exitCode: obs.exitCode,
    signal: obs.signal,
    callerHung: caller === undefined && obs.killedByWatchdog,
    siblingsCompleted: [...done].filter((c) => !spec.faultyChildren.includes(c)).length,
    siblingsCancelled: counts?.siblingsCancelled ?? 0,
    finallyRan: new Set(of('finally').map((e) => e.child)).size,
    childrenStarted: new Set(starts).size,
    leaked: {
      children: scope?.running ?? 0,
      requestsOpen: counts?.open ?? 0,
      ...(of('handles')[0] ? { handles: of('handles')[0]!.open } : {}),
    },
    detectMs: faultAt !== undefined && detectedAt !== undefined ? Math.max(0, Math.round(detectedAt - faultAt)) : null,
    errors: { injected: spec.injected, reachedCaller: reached, onlyLogged, vanished: spec.injected - reached - onlyLogged },
    notes,
    ...(unsupported ? { unsupported: unsupported.reason } : {}),
  };
}
