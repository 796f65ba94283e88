/**
 * ThreadPool: work in worker threads as gevent's hub.threadpool does it. The worker functions are those of the
 * conformance case (conformance/fiber/support/threadpool-work.ts); conformance/fiber/threadpool checks the same
 * behaviour against gevent itself.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Hub, LoopExit, ThreadPool, sleep, spawn, workerCall, type Green, type Greenlet } from './index.ts';

const WORK = new URL('../../conformance/fiber/support/threadpool-work.ts', import.meta.url).href;
const pools: ThreadPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.kill()));
});

/** A hub whose failure prints are kept, and a pool of `threads` on it. */
function setUp(threads = 1): { hub: Hub; pool: ThreadPool; printed: string[] } {
  const printed: string[] = [];
  const hub = new Hub({ writeError: (text) => printed.push(text) });
  const pool = new ThreadPool(threads, hub);
  pools.push(pool);
  return { hub, pool, printed };
}

function runMain<R>(hub: Hub, body: () => Green<R>): Promise<Greenlet<R>> {
  return new Promise((resolve) => hub.run(body).rawlink((g) => resolve(g)));
}

describe('ThreadPool', () => {
  it("apply() returns the worker's result, and the hub runs other greenlets while it waits", async () => {
    const { hub, pool } = setUp();
    const ticks: number[] = [];
    const main = await runMain(hub, function* () {
      spawn(function* () {
        for (let i = 0; i < 3; i++) {
          yield* sleep(0.02);
          ticks.push(i);
        }
      });
      const rested = yield* pool.apply<string>(workerCall(WORK, 'nap', 0.3));
      return [rested, yield* pool.apply<number>(workerCall(WORK, 'square', 9))];
    });
    expect(main.value).toEqual(['rested', 81]);
    expect(ticks).toEqual([0, 1, 2]);
  });

  it('an error in the worker is raised in the greenlet that waits, and printed by the hub', async () => {
    const { hub, pool, printed } = setUp();
    const main = await runMain(hub, function* () {
      yield* pool.apply(workerCall(WORK, 'boom', 3));
    });
    expect(main.successful()).toBe(false);
    expect(main.exception).toBeInstanceOf(TypeError);
    expect((main.exception as Error).message).toBe('bad 3');
    expect(printed).toHaveLength(2); // the worker's error, then main's own failure
    expect(printed[0]).toMatch(/^TypeError: bad 3\n[\s\S]*<function boom at 0x[0-9a-f]+>\) failed with TypeError\n/);
  });

  it('a greenlet waiting for a thread is not deadlocked: no LoopExit while the task runs', async () => {
    const { hub, pool } = setUp();
    const main = await runMain(hub, function* () {
      return yield* pool.apply<string>(workerCall(WORK, 'nap', 0.1));
    });
    expect(main.exception).not.toBeInstanceOf(LoopExit);
    expect(main.value).toBe('rested');
  });

  it('spawn() waits while maxsize + 1 tasks are unfinished, as gevent does', async () => {
    const { hub, pool } = setUp(1);
    const main = await runMain(hub, function* () {
      const first = yield* pool.spawn(workerCall(WORK, 'nap', 0.2));
      const second = yield* pool.spawn(workerCall(WORK, 'square', 2)); // the queued one: still no wait
      const firstDoneBeforeSecond = first.ready();
      const third = yield* pool.spawn(workerCall(WORK, 'square', 3)); // waits for a slot
      return [firstDoneBeforeSecond, first.ready(), yield* second.get(), yield* third.get()];
    });
    expect(main.value).toEqual([false, true, 4, 9]);
  });

  it('a greenlet killed while it waits does not stop its task, even one still queued: a thread runs it', async () => {
    const { hub, pool } = setUp(1);
    const main = await runMain(hub, function* () {
      const first = yield* pool.spawn(workerCall(WORK, 'nap', 0.2)); // holds the one thread
      const waiting = spawn(() => pool.apply(workerCall(WORK, 'square', 3))); // queued behind it
      yield* sleep(0.05);
      yield* waiting.kill();
      const queuedAfterKill = pool.stats().queued;
      yield* first.get();
      yield* pool.apply(workerCall(WORK, 'square', 4));
      return [waiting.dead, queuedAfterKill, pool.stats().completed];
    });
    expect(main.value).toEqual([true, 1, 3]); // the nap, the killed greenlet's square, and this one
  });

  it('kill() fails a queued task in its waiter, and the hub prints nothing for it', async () => {
    const { hub, pool, printed } = setUp(1);
    let killed: Promise<void> | undefined;
    const main = await runMain(hub, function* () {
      yield* pool.spawn(workerCall(WORK, 'nap', 0.2));
      const queued = yield* pool.spawn(workerCall(WORK, 'square', 2));
      killed = pool.kill();
      return yield* queued.wait();
    });
    await killed;
    expect(main.successful()).toBe(true);
    expect(main.value).toBeUndefined();
    expect(printed).toEqual([]);
  });
});
