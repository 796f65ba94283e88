/**
 * The exception types of the async layer, named after asyncio's so that code ported from Python reads the same.
 *
 * asyncio's CancelledError derives from BaseException so that `except Exception` does not swallow it. JavaScript
 * has no such split: a `catch` that is not meant to stop a cancellation must rethrow CancelledError.
 */

/** The task (or future) was cancelled. Raised at the cancelled task's pending library await. */
export class CancelledError extends Error {
  override name = 'CancelledError';
  readonly code = 'CANCELLED';
  constructor(message = 'the task was cancelled') {
    super(message);
  }
}

/**
 * Python's classes can have two bases (aiohttp's ServerTimeoutError is a ClientError and a TimeoutError); a
 * JavaScript class has one. `alsoCountsAs(Base, Other)` makes `x instanceof Base` true for instances of Other too.
 */
const alsoInstances = new Map<abstract new (...args: never[]) => unknown, Array<abstract new (...args: never[]) => unknown>>();

/** @internal client-errors.ts: declares a second base class for `other`. */
export function alsoCountsAs(base: abstract new (...args: never[]) => unknown, other: abstract new (...args: never[]) => unknown): void {
  const list = alsoInstances.get(base) ?? [];
  list.push(other);
  alsoInstances.set(base, list);
}

function isInstance(cls: abstract new (...args: never[]) => unknown, value: unknown): boolean {
  if (Function.prototype[Symbol.hasInstance].call(cls, value)) return true;
  return alsoInstances.get(cls)?.some((other) => Function.prototype[Symbol.hasInstance].call(other, value)) ?? false;
}

/** A deadline set by `timeout()`, `waitFor()` or a client request expired. */
export class TimeoutError extends Error {
  override name = 'TimeoutError';
  readonly code = 'TIMEOUT';

  static override [Symbol.hasInstance](value: unknown): boolean {
    return isInstance(this, value);
  }
}

/**
 * Python's RuntimeError, where asyncio raises it: a misuse of the API that no retry will fix (rescheduling a
 * finished timeout, writing after writeEof(), a second concurrent read of one stream).
 */
export class RuntimeError extends Error {
  override name = 'RuntimeError';
}

/**
 * Python's ValueError, where asyncio raises it (a negative count, a line over the stream's limit, a semaphore
 * released too often). It extends RangeError, what JavaScript code would throw and catch for the same mistakes.
 */
export class ValueError extends RangeError {
  override name = 'ValueError';

  static override [Symbol.hasInstance](value: unknown): boolean {
    return isInstance(this, value);
  }
}

/**
 * Python's ExceptionGroup, as TaskGroup raises it: every failure of the group, in `exceptions`. It is an
 * AggregateError (`errors` holds the same list), so code that knows JavaScript's class catches it too. There is no
 * `except*`: look through `exceptions`.
 */
export class ExceptionGroup extends AggregateError {
  override name = 'ExceptionGroup';

  constructor(message: string, exceptions: readonly unknown[]) {
    const n = exceptions.length;
    super(exceptions, `${message} (${n} sub-exception${n === 1 ? '' : 's'})`);
  }

  /** The failures, as Python names them (the same array as `errors`). */
  get exceptions(): unknown[] {
    return this.errors;
  }
}

/** An operation was asked of a future in the wrong state (e.g. `result()` of a pending one). */
export class InvalidStateError extends Error {
  override name = 'InvalidStateError';
}

/** `readExactly`/`readUntil` hit EOF first; `partial` holds what was read before it. */
export class IncompleteReadError extends Error {
  override name = 'IncompleteReadError';
  readonly code = 'ECONNRESET';
  constructor(
    readonly partial: Buffer,
    readonly expected: number | undefined,
  ) {
    super(`${partial.length} bytes read on a total of ${expected ?? 'undefined'} expected bytes`);
  }
}

/** `readUntil` found no separator within the reader's limit; `consumed` is how many bytes it looked at. */
export class LimitOverrunError extends Error {
  override name = 'LimitOverrunError';
  constructor(
    message: string,
    readonly consumed: number,
  ) {
    super(message);
  }
}

export class QueueEmpty extends Error {
  override name = 'QueueEmpty';
}

export class QueueFull extends Error {
  override name = 'QueueFull';
}

/** The peer went away while a write was pending (asyncio's ConnectionResetError('Connection lost')). */
export class ConnectionResetError extends Error {
  override name = 'ConnectionResetError';
  readonly code = 'ECONNRESET';
}
