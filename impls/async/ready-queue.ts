/**
 * The ready queue (asyncio's loop.call_soon): callbacks that run soon, in order, outside any task's context.
 *
 * Performance: entries are flat triples (fn, a, b) in one array, drained in one microtask per batch, instead of one
 * queueMicrotask (a closure, and an AsyncResource under async_hooks) per callback.
 */
import { taskContext } from './current.ts';
import { callExceptionHandler } from './exception-handler.ts';

let ready: unknown[] = []; // flat triples: fn, a, b
let flushQueued = false;

/** @internal future.ts, task.ts, timeouts.ts: runs `fn(a, b)` soon, in a microtask, outside any task's context. */
export function callSoon<A, B>(fn: (a: A, b: B) => void, a: A, b: B): void {
  ready.push(fn, a, b);
  if (!flushQueued) {
    flushQueued = true;
    queueMicrotask(flushReady);
  }
}

function flushReady(): void {
  taskContext.run(undefined, runReady);
}

function runReady(): void {
  // Only what was queued before this pass; callbacks queued meanwhile go to the next one, after pending promise jobs.
  const batch = ready;
  ready = [];
  flushQueued = false;
  for (let i = 0; i < batch.length; i += 3) {
    try {
      (batch[i] as (a: unknown, b: unknown) => void)(batch[i + 1], batch[i + 2]);
    } catch (err) {
      callExceptionHandler({ message: `Exception in callback ${(batch[i] as () => void).name || '(anonymous)'}`, exception: err });
    }
  }
}
