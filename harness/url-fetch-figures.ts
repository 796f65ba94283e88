/** A url-fetch trial's figures from its verdict, the outcomes' latencies and the job's elapsed time: one rule for every row. */
import type { UrlFetchVerdict } from '../scenarios/url-fetch.ts';
import { LatencyRecorder } from './metrics/latency.ts';
import type { UrlFetchTrial } from './results.ts';

export function urlFetchFigures(
  verdict: UrlFetchVerdict,
  latenciesMs: Iterable<number>,
  elapsedMs: number,
  size: number,
): Pick<UrlFetchTrial, 'operations' | 'elapsedMs' | 'opsPerSec' | 'mibPerSec' | 'latency' | 'errors' | 'wrongBodies' | 'misplaced' | 'firstProblem'> {
  const latency = new LatencyRecorder();
  for (const ms of latenciesMs) latency.recordMs(ms);
  return {
    operations: verdict.ok,
    elapsedMs,
    opsPerSec: (verdict.ok / elapsedMs) * 1000,
    mibPerSec: (verdict.ok * size) / (1024 * 1024) / (elapsedMs / 1000),
    latency: latency.summary(),
    errors: verdict.errors,
    wrongBodies: verdict.wrongBodies,
    misplaced: verdict.misplaced,
    ...(verdict.firstProblem ? { firstProblem: verdict.firstProblem } : {}),
  };
}
