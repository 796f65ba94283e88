/**
 * Microbenchmarks of the fiber core's two primitive costs, beside Node's own equivalents for scale:
 *
 *   fiber spawn + join   spawn an empty greenlet and join it, from a greenlet
 *   fiber switch         sleep(0): park, go round the hub's run queue, resume
 *   async call + await   a native async function called and awaited
 *   setImmediate trip    one setImmediate callback scheduling the next
 *
 * A single operation is far below timer resolution, so each tinybench sample times a batch of BATCH operations and
 * reports the per-operation mean as its duration (`overriddenDuration`); p99 is therefore the 99th percentile of
 * batch means, not of single operations. The fiber rows drive a Hub only through its public API: each sample is
 * one main greenlet run on the hub, timed from inside.
 */
import { performance } from 'node:perf_hooks';
import { Bench, type FnReturnedObject } from 'tinybench';
import { Hub, sleep, spawn, type Green } from '../impls/fiber/index.ts';

export interface MicrobenchRow {
  name: string;
  opsPerSec: number;
  meanNs: number;
  p99Ns: number;
  samples: number;
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

export async function runMicrobenchmarks(options: { quick?: boolean }): Promise<MicrobenchRow[]> {
  const hub = new Hub();
  const bench = new Bench({
    time: options.quick ? 150 : 1000,
    warmupTime: options.quick ? 50 : 250,
    iterations: options.quick ? 10 : 64,
    warmupIterations: options.quick ? 4 : 16,
    throws: true,
  });
  bench
    .add('fiber: spawn + join (empty greenlet)', async () => perOp(await onHub(hub, spawnJoinBatch)))
    .add('fiber: switch (sleep(0))', async () => perOp(await onHub(hub, switchBatch)))
    .add('native: async call + await', async () => {
      const t0 = performance.now();
      for (let i = 0; i < BATCH; i++) await nothingAsync();
      return perOp(performance.now() - t0);
    })
    .add('native: setImmediate round trip', async () => {
      const t0 = performance.now();
      await new Promise<void>((resolve) => {
        let n = 0;
        const tick = (): void => {
          if (++n === BATCH) resolve();
          else setImmediate(tick);
        };
        setImmediate(tick);
      });
      return perOp(performance.now() - t0);
    });
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
