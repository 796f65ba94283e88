/**
 * The style's own exception types (gevent.exceptions, greenlet.GreenletExit), and how an uncaught one is printed.
 */
import { pyRepr } from './repr.ts';
import { Timeout } from './timeout.ts';

/**
 * The traceback printed for an error nobody caught: its stack. A Timeout is made without one, on purpose (see
 * timeout.ts); it still gets a frame line saying where it surfaced, so it reads as a traceback like any other.
 */
export function formatTraceback(err: unknown): string {
  if (!(err instanceof Error)) return `Uncaught ${pyRepr(err)}`;
  const stack = err.stack ?? `${err.name}: ${err.message}`;
  return /\n\s+at /.test(stack) ? stack : `${stack}\n    at <no stack: raised where the greenlet was blocked>`;
}

/**
 * True for what Python's `except Exception:` lets through: GreenletExit and Timeout, BaseExceptions in gevent.
 * JavaScript has no such split, and a bare `catch (e)` catches them too; a handler meant for errors starts with
 * `if (isBaseException(e)) throw e;` so that kill() and Timeout still reach whoever they are meant for.
 */
export function isBaseException(err: unknown): boolean {
  return err instanceof GreenletExit || err instanceof Timeout;
}

/**
 * Raised inside a greenlet to end it quietly: `kill()` uses it by default. It is not a failure: the hub does not
 * print it, and a greenlet that ends with it counts as successful, with the exception as its value.
 */
export class GreenletExit extends Error {
  override name = 'GreenletExit';
  constructor(message = 'GreenletExit') {
    super(message);
  }
}

/**
 * Raised in the main greenlet when it waits on something nothing can ever wake: the run queue is empty, no timer
 * is pending and no I/O watcher is active. Almost always a bug (a deadlock, or waiting on an event nobody sets).
 */
export class LoopExit extends Error {
  override name = 'LoopExit';
  constructor(message = 'This operation would block forever') {
    super(message);
  }
}

/** Two greenlets tried to block on the same single-waiter object (e.g. two readers on one socket). */
export class ConcurrentObjectUseError extends Error {
  override name = 'ConcurrentObjectUseError';
}

/** Python's RuntimeError, which JavaScript has no counterpart for: misuse of a primitive (an RLock released by a greenlet that does not hold it). */
export class RuntimeError extends Error {
  override name = 'RuntimeError';
}

/** A blocking call was made where blocking is impossible (outside a greenlet, or from hub code). */
export class BlockingSwitchOutError extends Error {
  override name = 'BlockingSwitchOutError';
}
