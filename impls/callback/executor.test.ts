/**
 * IOLoop.runInExecutor: a worker's answer reaches the loop as a completed Future, the cancellation of the Future is
 * passed on to the call, and a late answer for a cancelled Future is dropped. The chaining is tested on a fake executor
 * whose calls settle when the test says; one test crosses a real worker thread.
 */
import { describe, expect, it } from 'vitest';
import { workerCall, WorkerExecutor, type ExecutorJob, type WorkerCall } from '../shared/executor.ts';
import type { Future } from './concurrent.ts';
import type { Executor } from './executor.ts';
import { IOLoop } from './ioloop.ts';
import { captureLogging } from './testing/log-capture.ts';

const FUNCTIONS = new URL('../../test/fixtures/worker-functions.ts', import.meta.url).href;

const log = captureLogging();

/** An executor whose calls settle only when the test settles them; cancel() succeeds while `queued` says so. */
class FakeExecutor implements Executor {
  readonly calls: Array<{ call: WorkerCall; queued: boolean; cancelled: boolean; resolve: (v: unknown) => void; reject: (e: unknown) => void }> = [];
  closed = 0;

  submit<R>(call: WorkerCall): ExecutorJob<R> {
    let entry!: FakeExecutor['calls'][number];
    const promise = new Promise<R>((resolve, reject) => {
      entry = { call, queued: true, cancelled: false, resolve: resolve as (v: unknown) => void, reject };
    });
    this.calls.push(entry);
    return {
      promise,
      cancel: () => {
        if (!entry.queued) return false;
        entry.cancelled = true;
        return true;
      },
    };
  }

  close(): Promise<void> {
    this.closed++;
    return Promise.resolve();
  }
}

/** Runs `body` on a started loop and resolves once something stops it. */
function onLoop(loop: IOLoop, body: () => void): Promise<void> {
  return new Promise((resolve) => {
    loop.addStopListener(() => resolve());
    loop.addCallback(body);
    loop.start();
  });
}

describe('IOLoop.runInExecutor', () => {
  it('completes the Future on the loop with what a real worker thread returned, or the error it threw', async () => {
    const loop = new IOLoop();
    const executor = new WorkerExecutor({ threads: 1 });
    const seen: unknown[] = [];
    try {
      await onLoop(loop, () => {
        loop.addFuture(loop.runInExecutor(executor, workerCall(FUNCTIONS, 'add', [2, 3])), (sum) => {
          seen.push(sum.result(), loop.isRunning());
          loop.addFuture(loop.runInExecutor(executor, workerCall(FUNCTIONS, 'fail', 'boom in the worker')), (failed) => {
            seen.push((failed.exception() as Error).message);
            loop.stop();
          });
        });
      });
    } finally {
      await executor.close();
    }
    expect(seen).toEqual([5, true, 'boom in the worker']);
  });

  it('completes the Future a loop turn after the answer, not inside the worker\'s settlement', async () => {
    const loop = new IOLoop();
    const executor = new FakeExecutor();
    let future!: Future<unknown>;
    let doneRightAfterAnswer: boolean | undefined;
    await onLoop(loop, () => {
      future = loop.runInExecutor(executor, workerCall(FUNCTIONS, 'add', [1, 1]));
      executor.calls[0]!.resolve(2);
      setImmediate(() => {
        doneRightAfterAnswer = future.done(); // the promise settled, its callback queued a loop callback: not run yet
        loop.addFuture(future, () => loop.stop());
      });
    });
    expect(doneRightAfterAnswer).toBe(false);
    expect(future.result()).toBe(2);
  });

  it('withdraws a queued call when its Future is cancelled', async () => {
    const loop = new IOLoop();
    const executor = new FakeExecutor();
    await onLoop(loop, () => {
      const future = loop.runInExecutor(executor, workerCall(FUNCTIONS, 'add', [1, 1]));
      expect(future.cancel()).toBe(true);
      loop.addFuture(future, () => loop.stop());
    });
    expect(executor.calls[0]!.cancelled).toBe(true);
  });

  it('drops the late answer of a running call whose Future was cancelled, without an error', async () => {
    const loop = new IOLoop();
    const executor = new FakeExecutor();
    let future!: Future<unknown>;
    await onLoop(loop, () => {
      future = loop.runInExecutor(executor, workerCall(FUNCTIONS, 'add', [1, 1]));
      executor.calls[0]!.queued = false; // a worker has picked it up
      future.cancel();
      loop.addFuture(future, () => {
        executor.calls[0]!.resolve(2);
        loop.callLater(0.02, () => loop.stop());
      });
    });
    expect(executor.calls[0]!.cancelled).toBe(false);
    expect(future.cancelled()).toBe(true);
    expect(log.records).toEqual([]);
  });

  it('uses the default executor when given none, set by setDefaultExecutor, and shuts it down with the loop', async () => {
    const loop = new IOLoop();
    const executor = new FakeExecutor();
    loop.setDefaultExecutor(executor);
    await onLoop(loop, () => {
      loop.runInExecutor(null, workerCall(FUNCTIONS, 'add', [1, 1]));
      loop.stop();
    });
    expect(executor.calls).toHaveLength(1);
    loop.close();
    expect(executor.closed).toBe(1);
  });
});
