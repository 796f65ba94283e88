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
  /** The least heap used in the middle of the sampling (see HeapSampler), MiB. */
  leastMiB: number;
  mostMiB: number;
  samples: number;
}

/**
 * The share of the samples, by time, that `leastMiB` is taken from: a trial's connections are made after its first
 * sample and closed before its last, so the least of all samples was the heap before any connection (a sweep level
 * read 0.06 KiB of heap per connection at 10,000 connections). In the middle, the least sample is the one just after
 * a scavenge: what the open connections keep alive, with the least garbage.
 */
export const MIDDLE = { from: 0.25, to: 0.9 } as const;

/** Samples heap used every `everyMs` between start() and stop(); stops by itself after `maxMs`, so it is bounded. */
export class HeapSampler {
  private timer: NodeJS.Timeout | undefined;
  private samples: { at: number; used: number }[] = [];
  private startedAt = 0;

  constructor(
    private readonly everyMs = 50,
    private readonly maxMs = 600_000,
    private readonly now: () => number = () => performance.now(),
    private readonly heapUsed: () => number = () => process.memoryUsage().heapUsed,
  ) {}

  start(): void {
    this.stop();
    this.samples = [];
    this.startedAt = this.now();
    this.sample();
    this.timer = setInterval(() => (this.now() - this.startedAt > this.maxMs ? this.stop() : this.sample()), this.everyMs);
    this.timer.unref();
  }

  stop(): HeapSamples {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
      this.sample();
    }
    return summarize(this.samples);
  }

  /** Public for tests, which drive the clock themselves. */
  sample(): void {
    this.samples.push({ at: this.now(), used: this.heapUsed() / MiB });
  }
}

export function summarize(samples: readonly { at: number; used: number }[]): HeapSamples {
  if (samples.length === 0) return { leastMiB: 0, mostMiB: 0, samples: 0 };
  const first = samples[0]!.at;
  const span = samples[samples.length - 1]!.at - first;
  const middle = samples.filter((s) => s.at >= first + MIDDLE.from * span && s.at <= first + MIDDLE.to * span);
  const pool = middle.length > 0 ? middle : samples;
  return { leastMiB: Math.min(...pool.map((s) => s.used)), mostMiB: Math.max(...samples.map((s) => s.used)), samples: samples.length };
}
