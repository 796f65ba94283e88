/**
 * The hub's timer store: a binary min-heap on (deadline, sequence), so timers due at the same instant fire in the
 * order they were created. Cancelling is O(1) and lazy (the entry stays until it reaches the top); the heap is
 * rebuilt when cancelled entries outnumber live ones, so a stream of started-then-cancelled request timeouts does
 * not grow it without bound.
 */
import { addressOf, pyRepr } from './repr.ts';

export class TimerHandle {
  /** @internal TimerHeap only reads it; false once fired or cancelled. */
  active = true;
  /** @internal TimerHeap only: taken off the heap by popDue (and so no longer counted), not necessarily fired yet. */
  popped = false;
  constructor(
    readonly deadline: number,
    /** @internal */ readonly seq: number,
    private readonly fire: () => void,
    private readonly heap: TimerHeap,
  ) {}

  /** @internal Hub only, on a timer popDue handed out: fires it, unless it was cancelled since. */
  fireIfActive(): void {
    if (!this.active) return;
    this.active = false;
    this.fire();
  }

  /** As gevent's libev loop names a timer in a failure line. */
  toString(): string {
    return `<timer at ${addressOf(this)} native=${addressOf(this.heap)} callback=${pyRepr(this.fire)} args=()>`;
  }

  /** Any context. Cancelling a fired or cancelled timer does nothing. */
  cancel(): void {
    if (!this.active) return;
    this.active = false;
    if (!this.popped) this.heap.onCancel();
  }
}

export class TimerHeap {
  private items: TimerHandle[] = [];
  private seq = 0;
  private live = 0;

  get size(): number {
    return this.live;
  }

  add(deadline: number, fire: () => void): TimerHandle {
    const t = new TimerHandle(deadline, this.seq++, fire, this);
    this.items.push(t);
    this.up(this.items.length - 1);
    this.live++;
    return t;
  }

  /** Deadline of the earliest live timer, or undefined. */
  nextDeadline(): number | undefined {
    this.dropCancelledTop();
    return this.items[0]?.deadline;
  }

  /** Removes and returns the earliest live timer if it is due at `now`; the caller fires it if still active. */
  popDue(now: number): TimerHandle | undefined {
    this.dropCancelledTop();
    const top = this.items[0];
    if (top === undefined || top.deadline > now) return undefined;
    this.pop();
    top.popped = true;
    this.live--;
    return top;
  }

  /** @internal */
  onCancel(): void {
    this.live--;
    if (this.items.length > 64 && this.live < this.items.length / 2) this.rebuild();
  }

  private dropCancelledTop(): void {
    while (this.items.length > 0 && !this.items[0]!.active) this.pop();
  }

  private rebuild(): void {
    this.items = this.items.filter((t) => t.active);
    for (let i = (this.items.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  private pop(): void {
    const last = this.items.pop()!;
    if (this.items.length > 0) {
      this.items[0] = last;
      this.down(0);
    }
  }

  private less(a: TimerHandle, b: TimerHandle): boolean {
    return a.deadline < b.deadline || (a.deadline === b.deadline && a.seq < b.seq);
  }

  private up(i: number): void {
    const items = this.items;
    const t = items[i]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(t, items[parent]!)) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = t;
  }

  private down(i: number): void {
    const items = this.items;
    const n = items.length;
    const t = items[i]!;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && this.less(items[child + 1]!, items[child]!)) child++;
      if (!this.less(items[child]!, t)) break;
      items[i] = items[child]!;
      i = child;
    }
    items[i] = t;
  }
}
