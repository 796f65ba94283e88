/**
 * The one place besides the adapter where the style meets a promise: the shared executor (impls/shared/executor.ts)
 * answers with one, and this turns its settling into a plain callback, as socket.ts turns a Node socket's events into
 * wake-ups. Nothing here waits; the ThreadPool hands the outcome to the hub.
 */
export type Settled<T> = { value: T } | { error: unknown };

/** Any context. Calls `done` once `promise` settles (from a microtask: plain Node code, not a turn). */
export function onSettled<T>(promise: Promise<T>, done: (outcome: Settled<T>) => void): void {
  promise.then(
    (value) => done({ value }),
    (error: unknown) => done({ error }),
  );
}
