/**
 * What conformance/fiber/threadpool runs in worker threads (a worker loads it by module and export name; the case's
 * Python half defines the same functions in its own file; impls/fiber/threadpool.test.ts uses them too). Not a case:
 * cases are the files directly in fiber/, support/ holds what they share.
 */
import { setTimeout as delay } from 'node:timers/promises';

export function square(x: number): number {
  return x * x;
}

export function boom(x: number): number {
  throw new TypeError(`bad ${x}`);
}

/** Keeps its thread busy for `seconds` (Python's time.sleep in a worker), the hub not at all. */
export async function nap(seconds: number): Promise<string> {
  await delay(seconds * 1000);
  return 'rested';
}
