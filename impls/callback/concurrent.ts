/**
 * Tornado 5.1's Future, which on Python 3 is asyncio's: a result that will be set once, read with callbacks, not
 * awaited. `AsyncHTTPClient.fetch` returns one (beside calling its callback) and `IOLoop.addFuture` waits on one.
 *
 * As asyncio's Future:
 * - done callbacks run on the loop (never inside `setResult`), each one turn after the Future completes, in the order
 *   they were added; one added to a done Future is scheduled at once;
 * - `result()` returns the value, throws the exception that was set, throws CancelledError once cancelled, and
 *   InvalidStateError while pending; `exception()` likewise, but returns the exception (or null);
 * - `cancel()` on a pending Future marks it cancelled, schedules the done callbacks and returns true; on a done one
 *   it returns false. It stops nothing: whatever was going to complete the Future goes on (a fetch still runs).
 *
 * Anyone may create a Future and complete it; completing one twice throws InvalidStateError.
 */
import { IOLoop } from './ioloop.ts';

export class CancelledError extends Error {
  override name = 'CancelledError';
}

export class InvalidStateError extends Error {
  override name = 'InvalidStateError';
}

type State<T> = { kind: 'pending' } | { kind: 'result'; value: T } | { kind: 'exception'; error: unknown } | { kind: 'cancelled' };

export type DoneCallback<T> = (future: Future<T>) => void;

export class Future<T = unknown> {
  private state: State<T> = { kind: 'pending' };
  private callbacks: DoneCallback<T>[] = [];

  /** @param ioLoop where the done callbacks run (asyncio: the Future's loop); the current loop by default. */
  constructor(private readonly ioLoop: IOLoop = IOLoop.current()) {}

  done(): boolean {
    return this.state.kind !== 'pending';
  }

  cancelled(): boolean {
    return this.state.kind === 'cancelled';
  }

  result(): T {
    const state = this.outcome('Result is not ready.');
    if (state.kind === 'exception') throw state.error;
    return state.value;
  }

  exception(): unknown {
    const state = this.outcome('Exception is not set.');
    return state.kind === 'exception' ? state.error : null;
  }

  addDoneCallback(callback: DoneCallback<T>): void {
    if (this.done()) this.ioLoop.addCallback(callback, this);
    else this.callbacks.push(callback);
  }

  cancel(): boolean {
    if (this.done()) return false;
    this.complete({ kind: 'cancelled' });
    return true;
  }

  setResult(value: T): void {
    if (this.done()) throw new InvalidStateError(`invalid state: ${this.state.kind}`);
    this.complete({ kind: 'result', value });
  }

  setException(error: unknown): void {
    if (this.done()) throw new InvalidStateError(`invalid state: ${this.state.kind}`);
    this.complete({ kind: 'exception', error });
  }

  /** The result or exception set; throws CancelledError once cancelled, InvalidStateError while pending. */
  private outcome(whilePending: string): Extract<State<T>, { kind: 'result' | 'exception' }> {
    const state = this.state;
    if (state.kind === 'cancelled') throw new CancelledError();
    if (state.kind === 'pending') throw new InvalidStateError(whilePending);
    return state;
  }

  private complete(state: State<T>): void {
    this.state = state;
    const callbacks = this.callbacks;
    this.callbacks = [];
    for (const callback of callbacks) this.ioLoop.addCallback(callback, this);
  }
}

/** Tornado's `future_set_result_unless_cancelled`: a cancelled Future keeps its state. */
export function setResultUnlessCancelled<T>(future: Future<T>, value: T): void {
  if (!future.cancelled()) future.setResult(value);
}
