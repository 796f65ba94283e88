/**
 * asyncio.Queue, with asyncio 3.12's algorithm: put() wakes the first getter and leaves the item in the queue; the
 * getter takes it when it runs. A getter cancelled after it was woken but before it ran takes nothing and wakes the
 * next getter; the same holds for putters waiting for room.
 */
import { QueueEmpty, QueueFull, ValueError } from './errors.ts';
import { takePendingCancel } from './current.ts';
import { Event } from './locks.ts';
import { WaitQueue, type QueueWaiter } from './wait-queue.ts';

/** asyncio.Queue: FIFO with an optional bound, plus taskDone()/join() accounting. */
export class Queue<T> {
  readonly maxsize: number;
  private items: T[] = [];
  private head = 0; // items before this index are consumed; compacted now and then instead of shift()ing
  private readonly getters = new WaitQueue<void>();
  private readonly putters = new WaitQueue<void>();
  private unfinished = 0;
  private readonly allDone = new Event();

  /** `maxsize` <= 0 means unbounded. */
  constructor(maxsize = 0) {
    this.maxsize = maxsize;
    this.allDone.set();
  }

  qsize(): number {
    return this.items.length - this.head;
  }

  empty(): boolean {
    return this.qsize() === 0;
  }

  full(): boolean {
    return this.maxsize > 0 && this.qsize() >= this.maxsize;
  }

  putNowait(item: T): void {
    if (this.full()) throw new QueueFull('queue is full');
    this.items.push(item);
    this.unfinished++;
    this.allDone.clear();
    wakeUpNext(this.getters);
  }

  put(item: T): Promise<void> {
    if (this.full()) return this.putSlowly(item);
    const pending = takePendingCancel();
    if (pending) return Promise.reject(pending);
    this.putNowait(item);
    return Promise.resolve();
  }

  getNowait(): T {
    if (this.empty()) throw new QueueEmpty('queue is empty');
    const item = this.items[this.head]!;
    this.items[this.head++] = undefined as T; // drop the reference for the GC
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    wakeUpNext(this.putters);
    return item;
  }

  get(): Promise<T> {
    if (this.empty()) return this.getSlowly();
    const pending = takePendingCancel(); // before taking the item, so a cancelled getter loses nothing
    if (pending) return Promise.reject(pending);
    return Promise.resolve(this.getNowait());
  }

  /** Marks one item taken with get() as processed; ValueError if called more often than items were put. */
  taskDone(): void {
    if (this.unfinished <= 0) throw new ValueError('taskDone() called too many times');
    if (--this.unfinished === 0) this.allDone.set();
  }

  /** Waits until every item put has been marked done with taskDone(). */
  join(): Promise<true> {
    return this.allDone.wait();
  }

  private async getSlowly(): Promise<T> {
    // Bounded by the items put: each pass either takes one or waits for the next put() to wake it.
    while (this.empty()) await waitTurn(this.getters, () => !this.empty());
    return this.getNowait();
  }

  private async putSlowly(item: T): Promise<void> {
    while (this.full()) await waitTurn(this.putters, () => !this.full());
    this.putNowait(item);
  }
}

/** Wakes the first waiter of `line` that is still waiting, and takes it out of the line. */
function wakeUpNext(line: WaitQueue<void>): void {
  for (let node = line.shift(); node; node = line.shift()) {
    if (!node.settled) {
      node.wake(undefined);
      return;
    }
  }
}

/**
 * Waits in `line` until woken. A waiter woken but cancelled before it ran passes its turn on when `stillFree()`
 * says the thing it was woken for is still there.
 */
async function waitTurn(line: WaitQueue<void>, stillFree: () => boolean): Promise<void> {
  const waiter: QueueWaiter<void> = line.join();
  try {
    await waiter.promise;
    const pending = takePendingCancel();
    if (pending) throw pending;
  } catch (err) {
    line.remove(waiter);
    if (waiter.woken && stillFree()) wakeUpNext(line);
    throw err;
  }
}
