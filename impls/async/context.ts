/**
 * The async context slot: how a library await finds the task (or cancel scope) whose body is running.
 *
 * Two mechanisms give the same answer through every `await` of a task body:
 *
 *  - `v8`: V8's continuation-preserved embedder data, through the small addon in ./native. V8 records the slot's
 *    value on each promise reaction when it is registered and restores it while the reaction runs, at no cost to
 *    anything else. This is what AsyncLocalStorage itself is built on from Node 22.7 (AsyncContextFrame). Used on
 *    Node 20 and 21 when the addon is built.
 *  - `async_hooks`: AsyncLocalStorage. On Node 20 it switches on promise and init hooks for the whole process, so
 *    every promise and every socket write pays for them (a plain `await` goes from ~33 ns to ~130 ns). Used when
 *    the addon is missing, on Node 22+ (where Node may own the V8 slot), or when TESTBED_ASYNC_CONTEXT=async_hooks.
 *    TESTBED_ASYNC_CONTEXT=v8 insists on the V8 slot: without it, loading the layer fails instead of falling back.
 *
 * The two differ outside task bodies: with `v8`, callbacks that Node or the ready queue run (timers, socket events)
 * see no task, as asyncio's call_soon callbacks see no current task; AsyncLocalStorage hands them the task that set
 * them up. The layer relies on neither: code that starts tasks from such callbacks passes what it needs explicitly.
 *
 * One gap in V8 11 (Node 20): the job that calls a thenable's `then()` for an `await` does not carry the slot.
 * Future's `then` accessor covers it (see future.ts).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';

export type ContextMechanism = 'v8' | 'async_hooks';

export interface ContextSlot<T> {
  readonly mechanism: ContextMechanism;
  /** Why this mechanism was chosen, for reports. */
  readonly reason: string;
  get(): T | undefined;
  /** Calls `fn(...args)` with the slot holding `value`; awaits inside it keep seeing `value`. */
  run<R, A extends unknown[]>(value: T | undefined, fn: (...args: A) => R, ...args: A): R;
}

interface NativeSlot {
  get(): unknown;
  set(value: unknown): void;
}

const ADDON = './native/build/Release/task_context.node';

/** The addon, or why not; TESTBED_ASYNC_CONTEXT=v8 turns every "why not" into an error rather than a fallback. */
function loadAddon(): NativeSlot | string {
  const forced = process.env.TESTBED_ASYNC_CONTEXT;
  if (forced !== undefined && forced !== '' && forced !== 'v8' && forced !== 'async_hooks') {
    throw new Error(`TESTBED_ASYNC_CONTEXT must be 'v8' or 'async_hooks', not '${forced}'`);
  }
  if (forced === 'async_hooks') return 'TESTBED_ASYNC_CONTEXT=async_hooks';
  const major = Number(process.versions.node.split('.')[0]);
  let whyNot: string;
  if (major >= 22) whyNot = `Node ${process.versions.node} can own the V8 slot itself`;
  else {
    try {
      return createRequire(import.meta.url)(ADDON) as NativeSlot;
    } catch (err) {
      whyNot = `the task-context addon is not built (${(err as Error).message.split('\n')[0]}); run npm ci`;
    }
  }
  if (forced === 'v8') throw new Error(`TESTBED_ASYNC_CONTEXT=v8, but ${whyNot}`);
  return whyNot;
}

function nativeSlot<T>(native: NativeSlot): ContextSlot<T> {
  const { get, set } = native;
  return {
    mechanism: 'v8',
    reason: 'V8 continuation-preserved data (task-context addon)',
    get: get as () => T | undefined,
    run<R, A extends unknown[]>(value: T | undefined, fn: (...args: A) => R, ...args: A): R {
      const outer = get();
      set(value);
      try {
        return fn(...args);
      } finally {
        // Always restored: a reaction registered with nothing in the slot runs with whatever the slot holds then.
        set(outer);
      }
    },
  };
}

function hooksSlot<T>(reason: string): ContextSlot<T> {
  const storage = new AsyncLocalStorage<T | undefined>();
  return {
    mechanism: 'async_hooks',
    reason: `AsyncLocalStorage (async_hooks): ${reason}`,
    get: () => storage.getStore(),
    run: (value, fn, ...args) => storage.run(value, fn, ...args),
  };
}

/** Makes the process's one task-context slot; the V8 slot has room for one owner, so current.ts calls this once. */
export function createContextSlot<T>(): ContextSlot<T> {
  const native = loadAddon();
  return typeof native === 'string' ? hooksSlot<T>(native) : nativeSlot<T>(native);
}
