/**
 * The shapes a concurrency sweep adds to a run's results (harness/results.ts): which level a group is, what the
 * process under test held in memory idle and under the level, and the file-descriptor limit the run had.
 */

/** One level of a sweep: a group of `kind` at `level` connections (echo) or requests in flight (url-fetch). */
export interface SweepLevel {
  kind: 'echo' | 'url-fetch';
  /** Message (echo) or body (url-fetch) size, bytes: one sweep per size. */
  size: number;
  level: number;
}

/**
 * Memory of the process under test around one trial of a level. RSS is read from outside through /proc for every
 * row (styles and references alike); the V8 heap only from inside a style's host, so it is null for a reference.
 */
export interface SweepMemory {
  /** Resident set size idle before the level: the server (or client) ready, before the warm-up, MiB. */
  idleRssMiB: number;
  /** The peak resident set size during this trial, MiB (VmHWM, reset as the trial starts where the kernel allows). */
  peakRssMiB: number;
  /** Whether the peak could be reset at the trial's start; if not, it is the peak of the process's whole life. */
  peakIsTrialOnly: boolean;
  /** V8 heap used idle before the level, after a full garbage collection, MiB. */
  idleHeapMiB: number | null;
  /** The least and the most heap used seen in samples taken during the trial (every 50 ms), MiB. The least is the
   *  closest to what the level keeps alive: garbage only adds to a sample. */
  heapLeastMiB: number | null;
  heapMostMiB: number | null;
  heapSamples: number;
}

/** What a sweep found of RLIMIT_NOFILE in the testbed's own process, whose children inherit it. */
export interface FdLimitReport {
  /** Descriptors the highest level needs in one process (its connections plus a margin). */
  needed: number;
  soft: number;
  hard: number;
  /** The soft limit before the testbed raised it, when it did. */
  raisedFrom?: number;
  /** Why it could not be raised far enough: the levels above it could not be served. */
  problem?: string;
}
