/**
 * toThread / runInExecutor (executor.ts): results and errors arrive on the awaiting task; cancellation as asyncio's
 * (a queued call never runs, a running one finishes and its result is dropped); a run shuts its default executor
 * down. Calls are held running with shared memory (executor.workers.ts), never with timing.
 */
import { execa } from 'execa';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cpuWorkCall } from '../shared/executor.ts';
import { cpuWork } from '../shared/cpu-work.ts';
import {
  CancelledError,
  Future,
  RuntimeError,
  WorkerExecutor,
  createTask,
  run,
  runInExecutor,
  setDefaultExecutor,
  setExceptionHandler,
  sleep,
  toThread,
  workerCall,
  type ExceptionContext,
} from './index.ts';

const WORKERS = new URL('./executor.workers.ts', import.meta.url).href;

/** A call that runs until the test opens its gate. */
function gatedCall(value = 'opened'): { call: ReturnType<typeof workerCall>; running: () => boolean; open: () => void } {
  const gate = new SharedArrayBuffer(8);
  const cell = new Int32Array(gate);
  return {
    call: workerCall(WORKERS, 'blockUntilOpened', { gate, value }),
    running: () => Atomics.load(cell, 1) === 1,
    open: () => {
      Atomics.store(cell, 0, 1);
      Atomics.notify(cell, 0);
    },
  };
}

/** Waits, in 5 ms steps and 10 s at most, for `condition`. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !condition(); i++) await sleep(0.005);
  expect(condition()).toBe(true);
}

let executor: WorkerExecutor | undefined;
afterEach(async () => {
  setExceptionHandler(undefined);
  await executor?.close();
  executor = undefined;
});

describe('toThread and runInExecutor', () => {
  it('give the awaiting task the result computed in a worker thread', async () => {
    expect(await run(() => toThread(cpuWorkCall(7, 10_000)))).toBe(cpuWork(7, 10_000));
    executor = new WorkerExecutor({ threads: 1 });
    const pool = executor;
    await run(async () => {
      const future = runInExecutor<number>(pool, cpuWorkCall(8, 10_000));
      expect(future).toBeInstanceOf(Future);
      expect(await future).toBe(cpuWork(8, 10_000));
    });
  });

  it('raise an error thrown in the worker at the await, in the awaiting task', async () => {
    const caught = await run(async () => {
      try {
        await toThread(workerCall(WORKERS, 'failWith', 'bad input in the worker'));
        return undefined;
      } catch (err) {
        return err;
      }
    });
    expect(caught).toBeInstanceOf(TypeError);
    expect((caught as Error).message).toBe('bad input in the worker');
  });

  it("deliver an error of the worker's own class as a plain Error with its message (what structured clone keeps)", async () => {
    const caught = await run(() => toThread(workerCall(WORKERS, 'failWithOwnClass', 'no such field')).catch((err: unknown) => err));
    expect(caught).toBeInstanceOf(Error);
    expect((caught as Error).name).toBe('Error');
    expect((caught as Error).message).toBe('no such field');
    expect((caught as Error).stack).toContain('ParseFailure');
  });

  it('stop waiting at once when the task is cancelled; a running call finishes in its thread and its result is dropped', async () => {
    executor = new WorkerExecutor({ threads: 1 });
    const pool = executor;
    const gated = gatedCall();
    const reports: ExceptionContext[] = [];
    await run(async () => {
      setExceptionHandler((context) => reports.push(context));
      const waiting = createTask(() => runInExecutor(pool, gated.call));
      await until(gated.running);
      waiting.cancel();
      await expect(waiting).rejects.toBeInstanceOf(CancelledError);
      expect(waiting.cancelled()).toBe(true);
      expect(pool.stats()).toMatchObject({ running: 1, completed: 0 }); // still blocked in its thread
      gated.open();
      await until(() => pool.stats().completed === 1);
    });
    expect(reports).toEqual([]);
  });

  it('take a queued call off the queue when its task is cancelled: it never runs', async () => {
    executor = new WorkerExecutor({ threads: 1 });
    const pool = executor;
    const gated = gatedCall();
    const counter = new SharedArrayBuffer(4);
    await run(async () => {
      const first = runInExecutor(pool, gated.call);
      await until(gated.running);
      const queued = createTask(() => runInExecutor(pool, workerCall(WORKERS, 'countRun', { counter })));
      await until(() => pool.stats().queued === 1);
      queued.cancel();
      await expect(queued).rejects.toBeInstanceOf(CancelledError);
      expect(pool.stats().queued).toBe(0);
      gated.open();
      expect(await first).toBe('opened');
      expect(await runInExecutor(pool, workerCall(WORKERS, 'countRun', { counter }))).toBe(1); // the cancelled one never ran
    });
  });

  it('need a run for the default executor, as asyncio.to_thread needs a running loop', async () => {
    await expect(toThread(cpuWorkCall(1, 10))).rejects.toBeInstanceOf(RuntimeError);
  });

  it("end with the run: closing it waits for the default executor's running call, then stops its threads", async () => {
    executor = new WorkerExecutor({ threads: 1 });
    const pool = executor;
    const gated = gatedCall();
    let mainReturned = false;
    let settled = false;
    const done = run(async () => {
      setDefaultExecutor(pool);
      createTask(() => toThread(gated.call)); // left running: the teardown cancels the task, not the call
      await until(gated.running);
      mainReturned = true;
    }).finally(() => (settled = true));
    for (let i = 0; i < 1000 && !mainReturned; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 50)); // time for a teardown that did not wait to end
    expect(mainReturned).toBe(true);
    expect(settled).toBe(false); // the call is held running, so a teardown that waits for it cannot have ended
    gated.open();
    await done;
    expect(pool.stats()).toMatchObject({ running: 0, completed: 1 });
  });

  it('leave nothing behind: a program whose run used toThread exits by itself', async () => {
    // A script file, not `node -e`: worker threads inherit the process's flags, and --input-type is refused there.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'async-to-thread-'));
    try {
      const script = path.join(dir, 'program.mjs');
      await writeFile(
        script,
        `const aio = await import(${JSON.stringify(new URL('./index.ts', import.meta.url).href)});
        const call = aio.workerCall(${JSON.stringify(new URL('../shared/cpu-work.ts', import.meta.url).href)}, 'cpuTask', { seed: 3, iterations: 1000 });
        console.log(await aio.run(() => aio.toThread(call)));`,
      );
      const r = await execa(process.execPath, ['--import', 'tsx', script], { reject: false, timeout: 10_000 });
      expect(r.timedOut, 'the child was still alive after 10 s').toBe(false);
      expect(r.stdout).toBe(String(cpuWork(3, 1000)));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
