/**
 * Requests awaiting a child's answer, each under a deadline: the bookkeeping of a request/answer protocol with a
 * child process, apart from how the child is spoken to. Used by PythonProcess (./python-process.ts).
 */
interface Waiter<V> {
  resolve: (value: V) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class PendingRequests<V> {
  private readonly waiting = new Map<number, Waiter<V>>();

  /**
   * Resolves with the answer settled under `id`; once `timeoutMs` pass unanswered, rejects with what `onTimeout`
   * returns (it may also act, e.g. kill the child) and forgets the request, so a late answer finds no one waiting.
   */
  wait(id: number, timeoutMs: number, onTimeout: () => Error): Promise<V> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(onTimeout());
      }, timeoutMs);
      this.waiting.set(id, { resolve, reject, timer });
    });
  }

  /** Settles the request `id` with a value or an error; false if nothing waits under that id. */
  settle(id: number, outcome: { value: V } | { error: Error }): boolean {
    const waiter = this.waiting.get(id);
    if (!waiter) return false;
    this.waiting.delete(id);
    clearTimeout(waiter.timer);
    if ('error' in outcome) waiter.reject(outcome.error);
    else waiter.resolve(outcome.value);
    return true;
  }

  /** Rejects everything still waiting (the child has gone, or can no longer be believed). */
  failAll(error: Error): void {
    for (const [id] of this.waiting) this.settle(id, { error });
  }
}
