/**
 * The V8 heap of this process, for memory figures that must not count garbage: a full collection on demand, and a
 * sampler of heap use while a trial runs. Used inside the style host (sweep levels) and the scale children.
 */
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const MiB = 1024 * 1024;

let gcFunction: (() => void) | undefined;

/**
 * A full, synchronous garbage collection. `node --expose-gc` gives `gc` as a global; a process started without it
 * (a style host, whose flags are the style's) gets it by setting the flag now and taking `gc` from a new context,
 * the documented way V8 exposes it after start-up.
 */
export function collectGarbage(): void {
  if (!gcFunction) {
    const global = (globalThis as { gc?: () => void }).gc;
    if (global) gcFunction = global;
    else {
      setFlagsFromString('--expose-gc');
      gcFunction = runInNewContext('gc') as () => void;
    }
  }
  // Twice: objects with finalizers or weak callbacks are freed only by the second pass.
  gcFunction();
  gcFunction();
}

/** Heap used after a full collection, MiB: what the process keeps alive. */
export function liveHeapMiB(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed / MiB;
}

export interface HeapSamples {
  leastMiB: number;
  mostMiB: number;
  samples: number;
}

/** Samples heap used every `everyMs` between start() and stop(); stops by itself after `maxMs`, so it is bounded. */
export class HeapSampler {
  private timer: NodeJS.Timeout | undefined;
  private least = Infinity;
  private most = 0;
  private count = 0;
  private startedAt = 0;

  constructor(
    private readonly everyMs = 50,
    private readonly maxMs = 600_000,
  ) {}

  start(): void {
    this.stop();
    this.least = Infinity;
    this.most = 0;
    this.count = 0;
    this.startedAt = performance.now();
    this.sample();
    this.timer = setInterval(() => (performance.now() - this.startedAt > this.maxMs ? this.stop() : this.sample()), this.everyMs);
    this.timer.unref();
  }

  stop(): HeapSamples {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
      this.sample();
    }
    return { leastMiB: this.count > 0 ? this.least : 0, mostMiB: this.most, samples: this.count };
  }

  private sample(): void {
    const used = process.memoryUsage().heapUsed / MiB;
    this.least = Math.min(this.least, used);
    this.most = Math.max(this.most, used);
    this.count++;
  }
}
