/**
 * A concurrency sweep's levels and groups: echo at 1 to 10,000 connections, url-fetch at 1 to 1,000 requests in
 * flight, each level a group of its scenario tagged with `sweep` (so the runner measures the host's memory around
 * it and the report gathers the levels into one table and chart). Called by the plan (harness/plan.ts).
 */
import { ECHO_DEFAULTS } from '../../scenarios/echo.ts';
import type { UrlFetchParams } from '../../scenarios/url-fetch.ts';
import type { GroupParams } from '../results.ts';
import type { SweepLevel } from './types.ts';

export const SWEEP_LEVELS: Record<SweepLevel['kind'], readonly number[]> = {
  echo: [1, 10, 100, 1000, 10_000],
  'url-fetch': [1, 10, 100, 1000],
};

/** The size a sweep runs at unless --size says otherwise: 1 KiB, where per-message costs show most. */
export const SWEEP_SIZE = 1024;

/**
 * `--levels 1,10,100` → [1, 10, 100]: whole numbers from 1 to `max`, separated by commas, in any order; returned
 * ascending without repeats (a level is one group, run once).
 */
export function parseLevels(value: string, max: number): number[] {
  const parts = value.split(',').map((p) => p.trim().replace(/_/g, ''));
  if (parts.some((p) => !/^\d+$/.test(p))) {
    throw new Error(`--levels must be whole numbers separated by commas, like 1,10,100, got '${value}'`);
  }
  const levels = parts.map(Number);
  const bad = levels.find((n) => n < 1 || n > max);
  if (bad !== undefined) throw new Error(`--levels must each be between 1 and ${max.toLocaleString('en-US')}, got ${bad}`);
  return [...new Set(levels)].sort((a, b) => a - b);
}

export interface SweepOptions {
  /** Levels for both sweeps; absent: SWEEP_LEVELS. */
  levels?: number[];
  sizes?: number[];
  durationMs: number;
  /** url-fetch: the job at every level (its concurrency is the level). */
  urlFetch: Omit<UrlFetchParams, 'concurrency' | 'size'>;
}

/** The groups of one sweep, ascending by level, one sweep per size. */
export function sweepGroups(kind: SweepLevel['kind'], options: SweepOptions): GroupParams[] {
  const levels = options.levels ?? SWEEP_LEVELS[kind];
  return (options.sizes ?? [SWEEP_SIZE]).flatMap((size) =>
    levels.map((level): GroupParams => {
      const sweep = { kind, size, level };
      return kind === 'echo'
        ? { scenario: 'echo', params: { ...ECHO_DEFAULTS, connections: level, size, durationMs: options.durationMs }, sweep }
        : { scenario: 'url-fetch', params: { ...options.urlFetch, size, concurrency: level }, sweep };
    }),
  );
}
