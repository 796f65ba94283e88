/**
 * CPU offload: "never block the event loop", as numbers. A request/response server whose every request needs about
 * WORK_MS of CPU (impls/shared/cpu-work.ts, a deterministic hash loop), driven by the echo load generator at a fixed
 * concurrency, run twice per style: the work inline on the loop, and offloaded to worker threads in the style's own
 * idiom. The report sets throughput, p99, the loop's delay and the worker pool's use side by side.
 *
 * The server under test may use both cores here (its worker threads are the point): the load generator, sending a few
 * hundred small requests a second, costs next to nothing beside it. Every reply is held to real work: the server
 * counts the requests it worked on, and a trial whose count falls short of the replies is invalid.
 */
export interface CpuParams {
  mode: 'inline' | 'offload';
  connections: number;
  /** Request (and reply) size. */
  size: number;
  /** The work per request, in hash iterations, and the milliseconds it took when the run calibrated it. */
  iterations: number;
  workMs: number;
  threads: number;
  durationMs: number;
  maxMessagesPerConnection: number;
}

export const CPU_DEFAULTS = { connections: 16, size: 64, workMs: 5, threads: 2, durationMs: 2000, maxMessagesPerConnection: 100_000 } as const;

export function describeCpu(p: Pick<CpuParams, 'mode' | 'workMs' | 'connections' | 'threads'>): string {
  const how = p.mode === 'inline' ? 'inline on the loop' : `offloaded to ${p.threads} worker threads`;
  return `~${p.workMs} ms of CPU per request, ${how}, ${p.connections} connections`;
}
