/**
 * The FIFO line a Lock, Semaphore, Event or Queue keeps its waiters in (asyncio's deque of futures).
 *
 * Performance: a QueueWaiter is a Waiter (its promise, its registration with the task) that is also its own node
 * in the line, so queueing up allocates nothing else, and a waiter cancelled in the middle of the line leaves it in
 * O(1).
 */
import { currentContext, type WaitContext } from './current.ts';
import { Waiter } from './waiter.ts';

/** A waiter in a WaitQueue. `woken` tells one that was handed its turn from one that is still waiting. */
export class QueueWaiter<T> extends Waiter<T> {
  prev: QueueWaiter<T> | undefined = undefined;
  next: QueueWaiter<T> | undefined = undefined;
  queued = false;
  woken = false;

  constructor(
    context: WaitContext | undefined,
    readonly queue: WaitQueue<T>,
  ) {
    super(context);
  }

  /** Gives the waiter its turn (asyncio's fut.set_result): its await resumes. */
  wake(value: T): void {
    this.woken = true;
    this.resume(value);
  }

  protected override abandon(): void {
    this.queue.remove(this);
  }
}

/** FIFO of waiters with O(1) removal, for the waiter that is cancelled in the middle of the line. */
export class WaitQueue<T> {
  private head: QueueWaiter<T> | undefined;
  private tail: QueueWaiter<T> | undefined;
  size = 0;

  /**
   * Queues a new waiter for the current task, or throws the task's pending cancellation (before it queues up, so
   * a cancelled task never takes a place in line).
   */
  join(): QueueWaiter<T> {
    const context = currentContext();
    const pending = context?.takePendingCancel();
    if (pending) throw pending;
    return this.push(new QueueWaiter<T>(context, this));
  }

  push<W extends QueueWaiter<T>>(node: W): W {
    node.prev = this.tail;
    node.next = undefined;
    node.queued = true;
    if (this.tail) this.tail.next = node;
    else this.head = node;
    this.tail = node;
    this.size++;
    return node;
  }

  /** The first waiter not woken yet, left in line (a woken one leaves when it runs). */
  firstWaiting(): QueueWaiter<T> | undefined {
    let node = this.head;
    while (node && node.woken) node = node.next;
    return node;
  }

  /** The first waiter, woken or not. */
  first(): QueueWaiter<T> | undefined {
    return this.head;
  }

  shift(): QueueWaiter<T> | undefined {
    const node = this.head;
    if (node) this.remove(node);
    return node;
  }

  remove(node: QueueWaiter<T>): void {
    if (!node.queued) return;
    node.queued = false;
    if (node.prev) node.prev.next = node.next;
    else this.head = node.next;
    if (node.next) node.next.prev = node.prev;
    else this.tail = node.prev;
    node.prev = node.next = undefined;
    this.size--;
  }
}
