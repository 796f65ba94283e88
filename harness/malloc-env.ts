/**
 * glibc's allocator, held steady in every process under test.
 *
 * Echo at 100 KiB used to come out bimodal: the same server, started twice, ran at 42k msgs/s in one process and at
 * 16k in the next (raw: 23 µs of CPU per message against 60), steady within each process. The slow processes took
 * 17 minor page faults per message, the fast ones 0.1: glibc's malloc adapts its thresholds as a program runs
 * (M_MMAP_THRESHOLD and M_TRIM_THRESHOLD are dynamic), and depending on where the first large buffers fell, a process
 * settled into giving freed pages back to the kernel after every message and faulting them in again for the next
 * one. Fixed thresholds (these two variables) end the dynamic adjustment: every start gave the fast figures, with 0
 * faults per message. Python's allocator serves its objects from arenas of its own and was steady either way.
 *
 * The run sets them for every process it starts (styles, references, load side alike), and the report says so.
 */
export const MALLOC_ENV: Readonly<Record<string, string>> = {
  /** Free memory at the top of the heap is kept up to 256 MiB instead of trimmed back to the kernel. */
  MALLOC_TRIM_THRESHOLD_: String(256 * 1024 * 1024),
  /** Blocks up to 4 MiB come from the heap (reused) rather than from a fresh mmap each time. */
  MALLOC_MMAP_THRESHOLD_: String(4 * 1024 * 1024),
};

export const MALLOC_NOTE = 'glibc malloc thresholds fixed in every process under test (MALLOC_TRIM_THRESHOLD_=256 MiB, MALLOC_MMAP_THRESHOLD_=4 MiB): see harness/malloc-env.ts';

/** Applies MALLOC_ENV to this process's environment, which every child it starts from now on inherits. */
export function steadyMallocForChildren(): void {
  for (const [name, value] of Object.entries(MALLOC_ENV)) process.env[name] ??= value;
}
