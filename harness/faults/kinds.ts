/**
 * Which shared kind (protocol.ts ERROR_KINDS) a TypeScript error is, across the three styles and raw. Errors are
 * recognised by what they carry (a Node errno code, an HTTP status, a class name), not by importing the styles, so
 * the recorder stays neutral. impls/reference/faults/recorder.py does the same for the Python systems.
 */
import type { ErrorInfo, ErrorKind } from './protocol.ts';

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);
const TIMEOUT_NAMES = new Set(['Timeout', 'TimeoutError', 'HTTPTimeoutError', 'ServerTimeoutError', 'RequestTimeout']);
const RESET_NAMES = new Set(['IncompleteRead', 'IncompleteResponseError', 'HTTPStreamClosedError', 'ClientPayloadError', 'ServerDisconnectedError', 'StreamClosedError', 'ConnectionResetError']);
const CANCELLED_NAMES = new Set(['CancelledError', 'GreenletExit']);

function prop(err: unknown, key: string): unknown {
  return typeof err === 'object' && err !== null ? (err as Record<string, unknown>)[key] : undefined;
}

function kindOf(err: unknown, depth: number): ErrorKind {
  const name = err instanceof Error ? err.name : '';
  if (CANCELLED_NAMES.has(name)) return 'cancelled';
  if (name === 'LoopExit') return 'loop-exit';
  if (name === 'HandlerError') return 'handler-error';
  if (name === 'TypeError' || name === 'AttributeError') return 'type-error';
  const code = prop(err, 'code');
  const status = typeof prop(err, 'status') === 'number' ? prop(err, 'status') : typeof code === 'number' && code !== 599 ? code : undefined;
  if (typeof status === 'number') return status === 500 ? 'http-500' : 'http-other';
  if (TIMEOUT_NAMES.has(name) || code === 'TIMEOUT' || code === 'ETIMEDOUT') return 'timeout';
  if (code === 'ECONNREFUSED') return 'refused';
  if ((typeof code === 'string' && RESET_CODES.has(code)) || RESET_NAMES.has(name)) return 'reset';
  // A wrapper (a 599 response's error, an aiohttp error over the socket's) is what it wraps.
  const cause = prop(err, 'cause') ?? prop(err, 'realError') ?? prop(err, 'osError');
  if (cause !== undefined && cause !== err && depth < 3) return kindOf(cause, depth + 1);
  return 'other';
}

/** Describes an error for the protocol: class, kind, and the members of a group (AggregateError). */
export function describeError(err: unknown): ErrorInfo {
  if (err instanceof AggregateError) return { cls: err.name, kind: 'group', members: err.errors.map((e) => describeError(e)) };
  const cls = err instanceof Error ? err.name : typeof err === 'object' && err !== null ? ((err as object).constructor?.name ?? 'object') : typeof err;
  return { cls, kind: kindOf(err, 0) };
}

/**
 * The errors among a caller's results: error objects, and responses that carry one in `error` (Tornado's
 * HTTPResponse). Anything else is a plain value.
 */
export function errorsAmong(results: readonly unknown[]): ErrorInfo[] {
  const errors: ErrorInfo[] = [];
  for (const r of results) {
    if (r instanceof Error) errors.push(describeError(r));
    else {
      const inner = prop(r, 'error');
      if (inner instanceof Error) errors.push(describeError(inner));
    }
  }
  return errors;
}
