/**
 * The CPU work of the cpu-offload scenario: a deterministic hash loop (FNV-1a over a counter), so every style and
 * every run does exactly the same work for the same request, whether on the loop or in a worker. Its result is
 * returned and used (the caller folds it into its reply), so no compiler can skip it.
 */

/** Runs `iterations` rounds of the hash from `seed`; the same arguments always give the same result. */
export function cpuWork(seed: number, iterations: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < iterations; i++) {
    h ^= i & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
    h ^= h >>> 13;
  }
  return h;
}

/** cpuWork as a worker-thread task (impls/shared/executor.ts): one argument, structured-cloneable. */
export function cpuTask(task: { seed: number; iterations: number }): number {
  return cpuWork(task.seed, task.iterations);
}

/**
 * How many iterations take about `ms` on this machine, measured here (the work is fixed per run, so every row of a
 * run does the same work; the report states the count and the time it stood for when it was calibrated).
 */
export function calibrateIterations(ms: number): number {
  const probe = 200_000;
  cpuWork(1, probe); // warm the JIT before timing
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    cpuWork(i, probe);
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  const perIteration = samples[2]! / probe;
  return Math.max(1000, Math.round(ms / perIteration));
}
