/**
 * The IOLoop's timer queue: a binary min-heap ordered by (deadline, sequence number).
 *
 * Cancellation is lazy, as in Tornado: `removeTimeout` only blanks the entry's callback, because digging an entry out
 * of the middle of a heap costs O(n). Dead entries are dropped when they reach the top, and the heap is rebuilt when
 * more than half of it is dead so that a workload that sets and cancels many timeouts (every request arms one) does not
 * grow the heap without bound.
 */

/** Any user callback; `any` so that callbacks with typed parameters can be scheduled with their arguments. */
export type Callback = (...args: any[]) => void;

/** A scheduled timeout; the handle `callAt`/`callLater` return and `removeTimeout` accepts. */
export class Timeout {
  /** Null once the timeout has fired or been cancelled. */
  callback: Callback | null;
  args: unknown[];
  /** Whether the entry still sits in the heap (and so counts toward its dead entries when cancelled). */
  inHeap = true;

  constructor(
    readonly deadline: number,
    /** Breaks ties between equal deadlines so they fire in the order they were scheduled. */
    readonly seq: number,
    callback: Callback,
    args: unknown[],
  ) {
    this.callback = callback;
    this.args = args;
  }

  get cancelled(): boolean {
    return this.callback === null;
  }
}

const NO_ARGS: unknown[] = [];

function before(a: Timeout, b: Timeout): boolean {
  return a.deadline < b.deadline || (a.deadline === b.deadline && a.seq < b.seq);
}

export class TimerHeap {
  private items: Timeout[] = [];
  private dead = 0;

  /**
   * @param compactMin don't bother rebuilding below this many dead entries (Tornado's poll loop uses 512, asyncio 100;
   * neither is visible from outside): a rebuild is O(n), so it is only worth it once the dead weight is large as well
   * as the majority.
   */
  constructor(private readonly compactMin = 512) {}

  /** Timeouts still waiting to fire. */
  get live(): number {
    return this.items.length - this.dead;
  }

  /** Entries physically in the heap, dead ones included. */
  get size(): number {
    return this.items.length;
  }

  peek(): Timeout | undefined {
    return this.items[0];
  }

  push(timeout: Timeout): void {
    const items = this.items;
    items.push(timeout);
    this.siftUp(items.length - 1);
  }

  pop(): Timeout | undefined {
    const items = this.items;
    const top = items[0];
    if (top === undefined) return undefined;
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      this.siftDown(0);
    }
    top.inHeap = false;
    if (top.cancelled) this.dead--;
    return top;
  }

  cancel(timeout: Timeout): void {
    if (timeout.callback === null) return;
    timeout.callback = null;
    timeout.args = NO_ARGS; // let the arguments be collected while the entry waits to surface
    if (!timeout.inHeap) return; // already collected for this turn; the loop skips it
    this.dead++;
    if (this.dead >= this.compactMin && this.dead > this.items.length >> 1) this.compact();
  }

  /** Drops every dead entry and restores the heap property bottom-up, O(n). */
  compact(): void {
    for (const t of this.items) if (t.cancelled) t.inHeap = false;
    this.items = this.items.filter((t) => !t.cancelled);
    this.dead = 0;
    for (let i = (this.items.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  clear(): void {
    for (const t of this.items) t.inHeap = false;
    this.items = [];
    this.dead = 0;
  }

  private siftUp(index: number): void {
    const items = this.items;
    const item = items[index]!;
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent]!;
      if (!before(item, p)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = item;
  }

  private siftDown(index: number): void {
    const items = this.items;
    const n = items.length;
    const item = items[index]!;
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && before(items[right]!, items[left]!) ? right : left;
      if (!before(items[child]!, item)) break;
      items[i] = items[child]!;
      i = child;
    }
    items[i] = item;
  }
}
