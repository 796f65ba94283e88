import { afterAll, describe, expect, it } from 'vitest';
import { cpuWork } from './cpu-work.ts';
import { cpuWorkCall, ExecutorCancelled, WorkerExecutor, workerCall } from './executor.ts';

const FAILING = new URL('../../test/fixtures/worker-functions.ts', import.meta.url).href;

describe('worker executor', () => {
  const executor = new WorkerExecutor({ threads: 1 });
  afterAll(() => executor.close());

  it('runs the work in a worker thread and gives back exactly what it computes on the loop', async () => {
    expect(await executor.submit(cpuWorkCall(7, 10_000)).promise).toBe(cpuWork(7, 10_000));
    expect(await executor.submit(workerCall(FAILING, 'add', [2, 3])).promise).toBe(5);
  });

  it('passes an error raised in the worker to the caller', async () => {
    await expect(executor.submit(workerCall(FAILING, 'fail', 'boom in the worker')).promise).rejects.toThrow('boom in the worker');
    await expect(executor.submit(workerCall(FAILING, 'nope', null)).promise).rejects.toThrow(); // piscina's own words, not ours
  });

  it('cancels a queued task, which then never runs, but not one already running, which finishes', async () => {
    const running = executor.submit(cpuWorkCall(1, 20_000_000));
    const queued = executor.submit(cpuWorkCall(2, 10));
    expect(executor.stats()).toMatchObject({ running: 1, queued: 1 });
    expect(queued.cancel()).toBe(true);
    expect(running.cancel()).toBe(false);
    expect(executor.stats()).toMatchObject({ running: 1, queued: 0 });
    await expect(queued.promise).rejects.toThrow(ExecutorCancelled); // settled, not left pending
    expect(await running.promise).toBe(cpuWork(1, 20_000_000));
    expect(executor.stats().completed).toBeGreaterThanOrEqual(2);
  });

  it('lets running calls finish when it closes, and rejects the ones still queued', async () => {
    const own = new WorkerExecutor({ threads: 1 });
    const running = own.submit(cpuWorkCall(3, 5_000_000));
    const queued = own.submit(cpuWorkCall(4, 10));
    await own.close();
    expect(await running.promise).toBe(cpuWork(3, 5_000_000));
    await expect(queued.promise).rejects.toThrow(ExecutorCancelled);
  });
});
