/**
 * Waiting on several things at once: gather, wait, waitFor, shield (asyncio's names and semantics).
 */
import { CancelledError, TimeoutError } from './errors.ts';
import { ensureFuture, type AwaitableLike } from './awaitables.ts';
import { takePendingCancel } from './current.ts';
import { Future } from './future.ts';
import { secondsToMs } from './seconds.ts';
import { callLater, type TimerHandle } from './timers.ts';
import { suspend } from './waiter.ts';

/** What awaiting an AwaitableLike yields. */
export type Resolved<A> = A extends (...args: never[]) => infer R ? Awaited<R> : Awaited<A>;

export interface GatherOptions {
  /** Collect failures (and CancelledErrors) as results instead of failing on the first one. */
  returnExceptions?: boolean;
}

/** The future gather() returns: cancelling it cancels every child; it ends cancelled once they have all finished. */
export class GatheringFuture<T> extends Future<T> {
  /** @internal */
  cancelRequested = false;

  constructor(private readonly children: readonly Future<unknown>[]) {
    super();
  }

  override cancel(message?: string): boolean {
    if (this.done()) return false;
    let any = false;
    for (const child of this.children) if (child.cancel(message)) any = true;
    if (any) this.cancelRequested = true;
    return any;
  }

  /** @internal */
  finishCancelled(error: CancelledError): void {
    this.settleCancelled(error);
  }

  protected override label(): string {
    return 'GatheringFuture';
  }
}

function isGatherOptions(value: unknown): value is GatherOptions {
  return typeof value === 'object' && value !== null && !(value instanceof Future) && typeof (value as PromiseLike<unknown>).then !== 'function';
}

function cancelledErrorOf(future: Future<unknown>): CancelledError {
  try {
    future.result();
  } catch (err) {
    if (err instanceof CancelledError) return err;
  }
  return new CancelledError();
}

/**
 * Runs the awaitables concurrently and resolves with their results in order. Without `returnExceptions` the first
 * failure goes to the caller at once while the others keep running (they are not cancelled); with it, failures are
 * returned in place of results. Functions are started as tasks; a trailing options object is recognised.
 */
export function gather<T extends readonly AwaitableLike[]>(...aws: T): GatheringFuture<{ -readonly [K in keyof T]: Resolved<T[K]> }>;
export function gather<T extends readonly AwaitableLike[]>(
  ...args: [...aws: T, options: GatherOptions & { returnExceptions: true }]
): GatheringFuture<{ -readonly [K in keyof T]: Resolved<T[K]> | unknown }>;
export function gather<T extends readonly AwaitableLike[]>(
  ...args: [...aws: T, options: GatherOptions]
): GatheringFuture<{ -readonly [K in keyof T]: Resolved<T[K]> }>;
export function gather(...args: unknown[]): GatheringFuture<unknown[]> {
  const last = args[args.length - 1];
  const options = isGatherOptions(last) ? (args.pop(), last) : {};
  const returnExceptions = options.returnExceptions ?? false;

  // The same awaitable passed twice is awaited once, as asyncio does.
  const byArg = new Map<unknown, Future<unknown>>();
  const children = (args as AwaitableLike[]).map((arg) => {
    let future = byArg.get(arg);
    if (!future) byArg.set(arg, (future = ensureFuture(arg)));
    return future;
  });
  const outer = new GatheringFuture<unknown[]>(children);
  if (children.length === 0) {
    outer.setResult([]);
    return outer;
  }

  let finished = 0;
  const onChildDone = (child: Future<unknown>): void => {
    finished++;
    if (outer.done()) {
      if (!child.cancelled()) child.exception(); // the caller already has an outcome; this one is not lost
      return;
    }
    if (!returnExceptions) {
      if (child.cancelled()) {
        outer.finishCancelled(cancelledErrorOf(child));
        return;
      }
      if (child.peekFailure().failed) {
        outer.setException(child.exception());
        return;
      }
    }
    if (finished < byArg.size) return;
    const results = children.map((c) => (c.cancelled() ? cancelledErrorOf(c) : c.peekFailure().failed ? c.exception() : c.result()));
    if (outer.cancelRequested) outer.finishCancelled(new CancelledError('gather() was cancelled'));
    else outer.setResult(results);
  };
  for (const child of byArg.values()) child.addDoneCallback(onChildDone);
  return outer;
}

export type ReturnWhen = 'FIRST_COMPLETED' | 'FIRST_EXCEPTION' | 'ALL_COMPLETED';

export interface WaitOptions {
  returnWhen?: ReturnWhen;
  /** Give up waiting (without cancelling anything) after this many seconds. */
  timeout?: number;
}

/**
 * Waits until `returnWhen` holds for the given futures or the timeout passes, and splits them into done and pending.
 * Nothing is cancelled and no exception is raised: look at the done ones.
 */
export async function wait<F extends Future<unknown>>(
  futures: Iterable<F>,
  options: WaitOptions = {},
): Promise<{ done: Set<F>; pending: Set<F> }> {
  const all = new Set(futures);
  if (all.size === 0) throw new RangeError('wait() needs at least one future');
  const returnWhen = options.returnWhen ?? 'ALL_COMPLETED';
  const satisfied = (): boolean => {
    let done = 0;
    for (const f of all) {
      if (!f.done()) continue;
      done++;
      if (returnWhen === 'FIRST_COMPLETED') return true;
      if (returnWhen === 'FIRST_EXCEPTION' && !f.cancelled() && f.peekFailure().failed) return true;
    }
    return done === all.size;
  };

  if (satisfied()) {
    const pending = takePendingCancel();
    if (pending) throw pending;
  } else {
    await suspend<void>((resolve, reject) => {
      let timer: TimerHandle | undefined;
      const detach = (): void => {
        timer?.cancel();
        for (const f of all) f.removeDoneCallback(onDone);
      };
      const onDone = (): void => {
        if (!satisfied()) return;
        detach();
        resolve();
      };
      for (const f of all) if (!f.done()) f.addDoneCallback(onDone);
      if (options.timeout !== undefined) {
        timer = callLater(secondsToMs(options.timeout, 'wait()'), () => {
          detach();
          resolve();
        });
      }
      return (error) => {
        detach();
        reject(error);
        return true;
      };
    });
  }
  const done = new Set<F>();
  const pending = new Set<F>();
  for (const f of all) (f.done() ? done : pending).add(f);
  return { done, pending };
}

/**
 * Awaits `aw` for at most `seconds`. On timeout it cancels it, waits until it has finished cancelling (its `finally`
 * blocks have run), then throws TimeoutError. Cancelling the caller cancels `aw` too.
 */
export async function waitFor<T>(aw: AwaitableLike<T>, seconds: number | undefined): Promise<T> {
  const future = ensureFuture(aw);
  if (seconds === undefined) return await future;
  const ms = secondsToMs(seconds, 'waitFor()');
  let timedOut = false;
  const timer = callLater(ms, () => {
    timedOut = true;
    future.cancel('waitFor() timed out');
  });
  try {
    return await future;
  } catch (err) {
    if (timedOut && err instanceof CancelledError && future.cancelled()) {
      throw new TimeoutError(`waitFor() deadline of ${seconds} s exceeded`, { cause: err });
    }
    throw err;
  } finally {
    timer.cancel();
  }
}

/**
 * Protects `aw` from cancellation: cancelling the returned future (or a task awaiting it) does not cancel `aw`,
 * which keeps running.
 */
export function shield<T>(aw: AwaitableLike<T>): Future<T> {
  const inner = ensureFuture(aw);
  if (inner.done()) return inner;
  const outer = new Future<T>();
  inner.addDoneCallback(() => {
    if (outer.cancelled()) {
      if (!inner.cancelled()) inner.exception(); // nobody is waiting for it any more; don't report it as lost
      return;
    }
    if (inner.cancelled()) outer.cancel();
    else if (inner.peekFailure().failed) outer.setException(inner.exception());
    else outer.setResult(inner.result());
  });
  return outer;
}
