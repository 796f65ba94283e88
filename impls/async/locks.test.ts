import { describe, expect, it } from 'vitest';
import { CancelledError, Event, Lock, Queue, QueueEmpty, QueueFull, Semaphore, createTask, gather, run, sleep } from './index.ts';

describe('Semaphore', () => {
  it('never lets more than its value through at once, and uses all of it', async () => {
    await run(async () => {
      const slots = new Semaphore(3);
      let inside = 0;
      let most = 0;
      await gather(
        ...Array.from({ length: 12 }, () =>
          createTask(() =>
            slots.hold(async () => {
              most = Math.max(most, ++inside);
              await sleep(0.002);
              inside--;
            }),
          ),
        ),
      );
      expect(most).toBe(3);
      expect(slots.locked()).toBe(false);
    });
  });

  it('wakes waiters in FIFO order', async () => {
    await run(async () => {
      const slots = new Semaphore(1);
      await slots.acquire();
      const order: number[] = [];
      const waiters = [1, 2, 3].map((n) =>
        createTask(async () => {
          await slots.acquire();
          order.push(n);
          slots.release();
        }),
      );
      await sleep(0.001);
      slots.release();
      await gather(...waiters);
      expect(order).toEqual([1, 2, 3]);
    });
  });

  it('a waiter cancelled in the queue leaves it without taking a slot', async () => {
    await run(async () => {
      const slots = new Semaphore(1);
      await slots.acquire();
      const cancelled = createTask(() => slots.acquire());
      const next = createTask(() => slots.acquire());
      await sleep(0.001);
      cancelled.cancel();
      await expect(cancelled).rejects.toBeInstanceOf(CancelledError);
      slots.release();
      expect(await next).toBe(true);
      slots.release();
      expect(slots.locked()).toBe(false);
    });
  });
});

describe('Queue', () => {
  it('hands items out in FIFO order to workers, and join() waits until each is marked done', async () => {
    await run(async () => {
      const queue = new Queue<number>();
      const handled: number[] = [];
      const worker = async (): Promise<void> => {
        for (;;) {
          const item = await queue.get();
          await sleep(0.001);
          handled.push(item);
          queue.taskDone();
        }
      };
      const workers = [createTask(worker), createTask(worker)];
      for (let i = 0; i < 10; i++) queue.putNowait(i);
      await queue.join();
      expect(handled.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      workers.forEach((w) => w.cancel());
      await gather(...workers, { returnExceptions: true });
    });
  });

  it('a bounded queue makes put() wait until a get() makes room', async () => {
    await run(async () => {
      const queue = new Queue<string>(1);
      await queue.put('a');
      expect(queue.full()).toBe(true);
      expect(() => queue.putNowait('x')).toThrow(QueueFull);
      const putter = createTask(() => queue.put('b'));
      await sleep(0.001);
      expect(putter.done()).toBe(false);
      expect(await queue.get()).toBe('a');
      await putter;
      expect(queue.getNowait()).toBe('b');
      expect(() => queue.getNowait()).toThrow(QueueEmpty);
    });
  });

  it('a get() cancelled while waiting loses no item', async () => {
    await run(async () => {
      const queue = new Queue<string>();
      const getter = createTask(() => queue.get());
      await sleep(0.001);
      getter.cancel();
      await expect(getter).rejects.toBeInstanceOf(CancelledError);
      queue.putNowait('kept');
      expect(queue.qsize()).toBe(1);
      expect(await queue.get()).toBe('kept');
    });
  });
});

describe('Event and Lock', () => {
  it('Event.set() wakes every waiter, and later waits return at once', async () => {
    await run(async () => {
      const event = new Event();
      const waiters = [createTask(() => event.wait()), createTask(() => event.wait())];
      await sleep(0.001);
      expect(waiters.some((w) => w.done())).toBe(false);
      event.set();
      expect(await gather(...waiters)).toEqual([true, true]);
      expect(await event.wait()).toBe(true);
    });
  });

  it('Lock gives mutual exclusion, and releasing an unlocked Lock throws', async () => {
    await run(async () => {
      const lock = new Lock();
      let inside = 0;
      let most = 0;
      await gather(
        ...Array.from({ length: 5 }, () =>
          createTask(() =>
            lock.hold(async () => {
              most = Math.max(most, ++inside);
              await sleep(0.001);
              inside--;
            }),
          ),
        ),
      );
      expect(most).toBe(1);
      expect(() => lock.release()).toThrow(/not acquired/);
    });
  });
});
