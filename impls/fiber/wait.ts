/**
 * Waiting on many things at once (gevent.wait, joinall, killall). Anything with ready/rawlink/unlink can be waited
 * on: greenlets, Events.
 */
import { Greenlet } from './greenlet.ts';
import { getHub } from './hub.ts';
import { Timeout } from './timeout.ts';
import { Waiter, noWait, type Green } from './waiter.ts';

export interface Linkable {
  ready(): boolean;
  rawlink(cb: (obj: any) => void): void;
  unlink(cb: (obj: any) => void): void;
}

export interface WaitOptions {
  /** Seconds. */
  timeout?: number;
  /** Return as soon as this many are ready. */
  count?: number;
}

/**
 * Green thread only. Waits until `count` (default: all) of `objects` are ready or the timeout passes, and returns
 * the ready ones: those already ready in the order given, then the rest in the order they became ready.
 * `onReady` sees each as it is collected and may raise to stop early.
 */
function* collect<T extends Linkable>(objects: readonly T[], options: WaitOptions, onReady?: (obj: T) => void): Green<T[]> {
  const want = Math.min(options.count ?? objects.length, objects.length);
  const done: T[] = [];
  const waiting: T[] = [];
  for (const obj of objects) {
    if (done.length < want && obj.ready()) {
      onReady?.(obj);
      done.push(obj);
    } else waiting.push(obj);
  }
  if (done.length >= want) return done;

  const hub = getHub();
  const w = new Waiter<unknown>(hub);
  const arrived: T[] = [];
  const onLink = (obj: T): void => {
    arrived.push(obj);
    w.switch(undefined);
  };
  let expired = false;
  const timer = options.timeout === undefined ? undefined : hub.timer(options.timeout, () => ((expired = true), w.switch(undefined)));
  for (const obj of waiting) obj.rawlink(onLink);
  try {
    // Each pass either collects something or ends on expiry, so this runs at most want + 1 times.
    while (done.length < want && !expired) {
      if (arrived.length === 0) yield* w.get();
      while (arrived.length > 0 && done.length < want) {
        const obj = arrived.shift()!;
        onReady?.(obj);
        done.push(obj);
      }
    }
    return done;
  } finally {
    timer?.cancel();
    for (const obj of waiting) obj.unlink(onLink);
  }
}

/** Green thread only. gevent.wait: the ready objects, without raising for anything they hold. */
export function wait<T extends Linkable>(objects: readonly T[], options: WaitOptions = {}): Green<T[]> {
  return Greenlet.made(waitBody(objects, options));
}

function* waitBody<T extends Linkable>(objects: readonly T[], options: WaitOptions = {}): Green<T[]> {
  Greenlet.ran();
  return yield* collect(objects, options);
}

/**
 * Green thread only. Waits for the greenlets to end and returns those that did. With `raiseError`, the first one
 * seen to have failed has its exception raised here (the others keep running); without it nothing is raised:
 * failures are on each greenlet's `exception`.
 */
export function joinall<R>(
  greenlets: ReadonlyArray<Greenlet<R>>,
  options: WaitOptions & { raiseError?: boolean } = {},
): Green<Array<Greenlet<R>>> {
  return Greenlet.made(joinallBody(greenlets, options));
}

function* joinallBody<R>(
  greenlets: ReadonlyArray<Greenlet<R>>,
  options: WaitOptions & { raiseError?: boolean } = {},
): Green<Array<Greenlet<R>>> {
  Greenlet.ran();
  if (!options.raiseError) return yield* collect(greenlets, options);
  return yield* collect(greenlets, options, (g) => {
    if (!g.successful()) throw g.exception;
  });
}

/**
 * Kills every greenlet now (see Greenlet.kill; each gets a GreenletExit of its own unless `exception` is given).
 * The returned generator waits for them all to end; if `timeout` seconds pass first it raises that Timeout, as
 * gevent.killall does. With `block: false` it returns at once.
 */
export function killall(
  greenlets: ReadonlyArray<Greenlet<unknown>>,
  options: { exception?: unknown; block?: boolean; timeout?: number } = {},
): Green<void> {
  for (const g of greenlets) void g.kill(options.exception, { block: false });
  return options.block === false ? noWait() : waitKilled(greenlets, options.timeout);
}

function* waitKilled(greenlets: ReadonlyArray<Greenlet<unknown>>, timeout: number | undefined): Green<void> {
  const t = Timeout.startNew(timeout);
  try {
    yield* collect(greenlets, {});
  } finally {
    t.cancel();
  }
}
