/**
 * asyncio.gather: run several awaitables at once and collect their results in order.
 */
import { CancelledError } from './errors.ts';
import { ensureFuture, type AwaitableLike } from './awaitables.ts';
import { Future } from './future.ts';

/** What awaiting an AwaitableLike yields. */
export type Resolved<A> = A extends (...args: never[]) => infer R ? Awaited<R> : Awaited<A>;

export interface GatherOptions {
  /** Collect failures (and CancelledErrors) as results instead of failing on the first one. */
  returnExceptions?: boolean;
}

/**
 * The future gather() returns. Cancelling it cancels every child; like asyncio 3.12's, it then ends with a
 * CancelledError as its exception rather than cancelled (`cancelled()` is false; awaiting it throws CancelledError),
 * so that a task awaiting it ends cancelled.
 */
export class GatheringFuture<T> extends Future<T> {
  /** @internal gather()'s done-callback reads it: cancel() reached at least one child. */
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
 * failure (a child's CancelledError included) goes to the caller at once while the others keep running (they are
 * not cancelled); with it, failures are returned in place of results. Functions are started as tasks; a promise is
 * followed (cancelling gather cannot stop the work behind it). A trailing options object is recognised.
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
    if (!future) byArg.set(arg, (future = ensureFuture(arg, 'gather()')));
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
        outer.setException(cancelledErrorOf(child));
        return;
      }
      if (child.peekFailure().failed) {
        outer.setException(child.exception());
        return;
      }
    }
    if (finished < byArg.size) return;
    const results = children.map((c) => (c.cancelled() ? cancelledErrorOf(c) : c.peekFailure().failed ? c.exception() : c.result()));
    if (outer.cancelRequested) outer.setException(cancelledErrorOf(child));
    else outer.setResult(results);
  };
  const alreadyDone: Future<unknown>[] = [];
  for (const child of byArg.values()) {
    if (child.done()) alreadyDone.push(child);
    else child.addDoneCallback(onChildDone);
  }
  // As asyncio does: children that are already done count at once, so gathering only done futures is done at once.
  for (const child of alreadyDone) onChildDone(child);
  return outer;
}
