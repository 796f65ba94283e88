/**
 * Microbenchmarks of each style's primitive costs, beside Node's own equivalents for scale:
 *
 *   fiber spawn + join      spawn an empty greenlet and join it, from a greenlet
 *   fiber switch            sleep(0): park, go round the hub's run queue, resume
 *   async createTask+await  create a task for an empty coroutine and await it, inside run()
 *   async sleep(0)          yield to the loop once (asyncio's sleep(0)), inside a task
 *   callback addCallback    a callback that schedules the next one on the IOLoop
 *   native call + await     a native async function called and awaited
 *   setImmediate trip       one setImmediate callback scheduling the next
 *
 * A single operation is far below timer resolution, so each tinybench sample times a batch of BATCH operations and
 * reports the per-operation mean as its duration (`overriddenDuration`); p99 is therefore the 99th percentile of
 * batch means, not of single operations. The fiber rows drive a Hub only through its public API: each sample is
 * one main greenlet run on the hub, timed from inside.
 *
 * Beside each style's rows stand the rows of the real system it imitates, measured by the Python references
 * (./microbench-reference.ts); a reference that cannot run here is a row saying why.
 */
import { performance } from 'node:perf_hooks';
import { Bench, type FnReturnedObject } from 'tinybench';
import * as aio from '../impls/async/index.ts';
import { IOLoop } from '../impls/callback/index.ts';
import { Hub, sleep, spawn, type Green } from '../impls/fiber/index.ts';
import { interleave, referenceMicrobenchRows } from './microbench-reference.ts';

export interface MicrobenchRow {
  name: string;
  opsPerSec: number;
  meanNs: number;
  p99Ns: number;
  samples: number;
  /** Set on a row that could not be measured here: why (the figures are then 0). */
  skipped?: string;
}

const BATCH = 1000;

/** Runs `body` as the hub's main greenlet; resolves with the milliseconds it measured. */
function onHub(hub: Hub, body: () => Green<number>): Promise<number> {
  return new Promise((resolve, reject) => {
    hub.run(body).rawlink((g) => (g.successful() ? resolve(g.value as number) : reject(g.exception)));
  });
}

function perOp(totalMs: number): FnReturnedObject {
  return { overriddenDuration: totalMs / BATCH, overriddenIterationCost: totalMs };
}

function* empty(): Green<void> {}

function* spawnJoinBatch(): Green<number> {
  const t0 = performance.now();
  for (let i = 0; i < BATCH; i++) yield* spawn(empty).join();
  return performance.now() - t0;
}

function* switchBatch(): Green<number> {
  const t0 = performance.now();
  for (let i = 0; i < BATCH; i++) yield* sleep(0);
  return performance.now() - t0;
}

async function nothingAsync(): Promise<void> {}

async function createTaskBatch(): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < BATCH; i++) await aio.createTask(nothingAsync);
  return performance.now() - t0;
}

async function sleepZeroBatch(): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < BATCH; i++) await aio.sleep(0);
  return performance.now() - t0;
}

/** BATCH callbacks on a fresh IOLoop, each adding the next; the last one stops the loop. */
function addCallbackBatch(): Promise<number> {
  return new Promise((resolve) => {
    const loop = new IOLoop();
    let n = 0;
    let t0 = 0;
    const step = (): void => {
      if (++n === BATCH) loop.stop();
      else loop.addCallback(step);
    };
    loop.addStopListener(() => {
      const elapsed = performance.now() - t0;
      loop.close();
      resolve(elapsed);
    });
    t0 = performance.now();
    loop.addCallback(step);
    loop.start();
  });
}

type BenchFn = () => Promise<FnReturnedObject>;

async function nativeAwait(): Promise<FnReturnedObject> {
  const t0 = performance.now();
  for (let i = 0; i < BATCH; i++) await nothingAsync();
  return perOp(performance.now() - t0);
}

function setImmediateTrip(): Promise<FnReturnedObject> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    let n = 0;
    const tick = (): void => {
      if (++n === BATCH) resolve(perOp(performance.now() - t0));
      else setImmediate(tick);
    };
    setImmediate(tick);
  });
}

/** Runs one tinybench Bench over `tasks` (tinybench warms up every task of a Bench before measuring any). */
async function measure(tasks: Array<[string, BenchFn]>, quick: boolean): Promise<MicrobenchRow[]> {
  const bench = new Bench({
    time: quick ? 150 : 1000,
    warmupTime: quick ? 50 : 250,
    iterations: quick ? 10 : 64,
    warmupIterations: quick ? 4 : 16,
    throws: true,
  });
  for (const [name, fn] of tasks) bench.add(name, fn);
  await bench.run();
  return bench.tasks.map((task) => {
    const r = task.result;
    if (r.state !== 'completed' && r.state !== 'aborted-with-statistics') {
      throw new Error(`microbenchmark "${task.name}" did not complete (${r.state})`);
    }
    const meanNs = r.latency.mean * 1e6;
    return {
      name: task.name,
      opsPerSec: meanNs > 0 ? 1e9 / meanNs : 0,
      meanNs,
      p99Ns: r.latency.p99 * 1e6,
      samples: r.latency.samplesCount,
    };
  });
}

export async function runMicrobenchmarks(options: { quick?: boolean }): Promise<MicrobenchRow[]> {
  const quick = options.quick ?? false;
  const hub = new Hub();
  // Two benches, in this order: if the async layer carries its task context on AsyncLocalStorage (Node 20 without
  // the task-context addon), once it has run a task, promise hooks stay on for the whole process and slow every
  // promise measured afterwards. The first bench never runs the async layer; the second runs it, then the native
  // await again to show what it cost everything else in the process.
  const before = await measure(
    [
      ['fiber: spawn + join (empty greenlet)', async () => perOp(await onHub(hub, spawnJoinBatch))],
      ['fiber: switch (sleep(0))', async () => perOp(await onHub(hub, switchBatch))],
      ['callback: addCallback round trip', async () => perOp(await addCallbackBatch())],
      ['native: async call + await', nativeAwait],
      ['native: setImmediate round trip', setImmediateTrip],
    ],
    quick,
  );
  const after = await measure(
    [
      ['async: createTask + await (empty task)', async () => perOp(await aio.run(createTaskBatch))],
      ['async: switch (sleep(0))', async () => perOp(await aio.run(sleepZeroBatch))],
      [`native: async call + await, after the async layer ran (task context: ${aio.contextMechanism.mechanism})`, nativeAwait],
    ],
    quick,
  );
  // Last, in a process of its own: the Python references, never running beside the styles' benches.
  return interleave([...before, ...after], await referenceMicrobenchRows({ quick }));
}
