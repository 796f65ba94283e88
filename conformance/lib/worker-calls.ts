/**
 * Functions the TypeScript halves of conformance cases run in worker threads (impls/shared/executor.ts names a call by
 * module and export, since a closure cannot cross threads), each the counterpart of a plain function the Python half
 * hands its executor. Each takes one structured-cloneable argument.
 */
import { isMainThread } from 'node:worker_threads';

/** x * 2, and whether it ran off the main thread. */
export function double(x: number): { value: number; 'in another thread': boolean } {
  return { value: x * 2, 'in another thread': !isMainThread };
}

/** Throws a built-in error class, which keeps its class on its way back. */
export function failWithTypeError(message: string): never {
  throw new TypeError(message);
}

export class ValueError extends Error {
  override name = 'ValueError';
}

/** Throws a class of the module's own, which arrives as a plain Error (structured clone keeps only built-ins). */
export function failWithValueError(message: string): never {
  throw new ValueError(message);
}

/**
 * Blocks its thread for `seconds`, counts itself in `ran` (a SharedArrayBuffer the caller reads, the counterpart of a
 * list the Python half appends to), and returns `value`.
 */
export function sleepThen(task: { seconds: number; value: string; ran: Int32Array }): string {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, task.seconds * 1000);
  Atomics.add(task.ran, 0, 1);
  return task.value;
}
