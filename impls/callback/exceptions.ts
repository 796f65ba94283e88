/**
 * Python's built-in exceptions that Tornado raises, under Python's names: RuntimeError and ValueError for misuse, and
 * the socket's own errors, which Tornado hands to the application (`stream.error`, a fetch's 599 `response.error`):
 * ConnectionRefusedError, ConnectionResetError, BrokenPipeError... Node reports all of those as an Error with an errno
 * `code`; `toOSError` turns one into the Python class of the same meaning, with Python's message (`[Errno 111]
 * Connection refused`), keeping Node's `code` (what the testbed's error codes are read from) and the original as
 * `cause`.
 */
import util from 'node:util';

/** Python's RuntimeError: what Tornado raises for a fetch() on a closed client. */
export class RuntimeError extends Error {
  override name = 'RuntimeError';
}

/** Python's ValueError: arguments that cannot go together. */
export class ValueError extends Error {
  override name = 'ValueError';
}

/** Python's OSError; each subclass is named after its class (`name` is the class's own name, as Python prints it). */
export class OSError extends Error {
  /** The errno, positive as Python's (Node's are negative). */
  readonly errno: number;
  /** Node's errno name, e.g. 'ECONNRESET'. */
  readonly code: string;

  constructor(errno: number, code: string, strerror: string, options?: { cause?: unknown }) {
    super(`[Errno ${errno}] ${strerror}`, options);
    this.name = new.target.name;
    this.errno = errno;
    this.code = code;
  }
}

export class ConnectionError extends OSError {}
export class ConnectionRefusedError extends ConnectionError {}
export class ConnectionResetError extends ConnectionError {}
export class ConnectionAbortedError extends ConnectionError {}
export class BrokenPipeError extends ConnectionError {}
export class TimeoutError extends OSError {}

const CLASSES: Record<string, typeof OSError> = {
  ECONNREFUSED: ConnectionRefusedError,
  ECONNRESET: ConnectionResetError,
  ECONNABORTED: ConnectionAbortedError,
  EPIPE: BrokenPipeError,
  ETIMEDOUT: TimeoutError,
};

/** The Python-named error for a Node system error; anything else is returned as it is. */
export function toOSError(err: Error): Error {
  const { errno, code } = err as NodeJS.ErrnoException;
  if (typeof errno !== 'number' || typeof code !== 'string' || err instanceof OSError) return err;
  const described = util.getSystemErrorMap().get(errno)?.[1];
  // libuv's descriptions are C's strerror() texts in lower case: "connection refused" is Python's "Connection refused".
  const strerror = described ? described[0]!.toUpperCase() + described.slice(1) : err.message;
  const Class = CLASSES[code] ?? OSError;
  return new Class(-errno, code, strerror, { cause: err });
}
