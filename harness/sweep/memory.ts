/**
 * A sweep level's memory, measured the same way for every row: RSS from outside through /proc (a style's host and a
 * Python reference alike), the V8 heap from inside a style's host (the CellHost requests memory-idle, memory-begin
 * and memory-end; a reference answers them without a heap). Called by the runner (idle, once per cell, before the
 * warm-up) and by the trials (around each measured trial of a level).
 */
import { writeFileSync } from 'node:fs';
import type { CellHost } from '../cell-host.ts';
import { readProc } from '../metrics/proc.ts';
import type { SweepMemory } from './types.ts';

export interface IdleMemory {
  rssMiB: number;
  heapMiB: number | null;
}

/** What a host answers to memory-end: its heap samples during the trial, or nulls where it has no heap to sample. */
export interface HostHeapSamples {
  leastMiB: number | null;
  mostMiB: number | null;
  samples: number;
}

/**
 * Resets the kernel's peak-RSS mark (VmHWM) of `pid` to its current RSS (`echo 5 > /proc/<pid>/clear_refs`, Linux
 * 4.0+), so that the next reading is the peak since now. False where that is not allowed.
 */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** The host idle: its heap after a full collection (asked first, so the collection is in the RSS read after it). */
export async function idleMemory(host: CellHost, timeoutMs: number): Promise<IdleMemory> {
  const { heapMiB } = await host.request<{ heapMiB: number | null }>('memory-idle', undefined, timeoutMs);
  return { rssMiB: readProc(pidOf(host)).rssMiB, heapMiB };
}

/** Runs one trial with the host's memory watched: heap sampled inside, peak RSS read from outside. */
export async function underLoad<T>(host: CellHost, idle: IdleMemory, timeoutMs: number, trial: () => Promise<T>): Promise<{ result: T; memory: SweepMemory }> {
  const pid = pidOf(host);
  await host.request('memory-begin', undefined, timeoutMs);
  const peakIsTrialOnly = resetPeakRss(pid);
  const result = await trial();
  const heap = await host.request<HostHeapSamples>('memory-end', undefined, timeoutMs);
  const memory: SweepMemory = {
    idleRssMiB: idle.rssMiB,
    peakRssMiB: readProc(pid).peakRssMiB,
    peakIsTrialOnly,
    idleHeapMiB: idle.heapMiB,
    heapLeastMiB: heap.leastMiB,
    heapMostMiB: heap.mostMiB,
    heapSamples: heap.samples,
  };
  return { result, memory };
}

function pidOf(host: CellHost): number {
  if (host.pid === undefined) throw new Error(`${host.label} has no pid to read its memory through /proc`);
  return host.pid;
}
