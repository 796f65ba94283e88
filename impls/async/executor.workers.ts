/**
 * Functions the executor's tests (executor.test.ts) run in worker threads. Shared memory is how a test holds a call
 * running for as long as it likes, and sees whether a call ran at all, without timing anything.
 */

/** Blocks its thread until the test stores 1 in `gate[0]` (10 s at most), then returns `value`. */
export function blockUntilOpened({ gate, value }: { gate: SharedArrayBuffer; value: string }): string {
  const cell = new Int32Array(gate);
  Atomics.store(cell, 1, 1); // it is running
  Atomics.wait(cell, 0, 0, 10_000);
  return value;
}

/** Adds one to `counter[0]`: a call that ran leaves its mark. */
export function countRun({ counter }: { counter: SharedArrayBuffer }): number {
  return Atomics.add(new Int32Array(counter), 0, 1) + 1;
}

/** Throws a TypeError (a class structured clone keeps) with `message`. */
export function failWith(message: string): never {
  throw new TypeError(message);
}

class ParseFailure extends Error {
  override name = 'ParseFailure';
}

/** Throws an error of a class of its own, which structured clone cannot carry across threads. */
export function failWithOwnClass(message: string): never {
  throw new ParseFailure(message);
}
