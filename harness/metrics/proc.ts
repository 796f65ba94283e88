/**
 * What another process cost while a trial ran, read from outside through /proc (Linux): CPU time from
 * /proc/<pid>/stat, resident and peak resident memory from /proc/<pid>/status. For processes the harness cannot
 * measure from inside, such as the Python references; ./process.ts measures the harness's own Node children.
 *
 * The sample has ProcessSample's fields. Those that cannot be known from outside are null, never 0: an event loop's
 * delay and utilisation exist only inside its process (and a Python loop has no Node-like monitor to ask). CPU time
 * is counted in clock ticks (usually 10 ms each), so a short trial's cpuPercent is coarse: ±1 tick per reading.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { ProcessSample } from './process.ts';

type LoopFields = 'loopDelayP50Ms' | 'loopDelayP99Ms' | 'loopDelayMaxMs' | 'loopUtilization';

export type OutsideSample = Omit<ProcessSample, LoopFields> & { [K in LoopFields]: null } & {
  /** Resident set size at the end of the trial, MiB. */
  rssMiB: number;
};

export interface ProcReading {
  cpuUserMs: number;
  cpuSystemMs: number;
  /** VmRSS, MiB. */
  rssMiB: number;
  /** VmHWM: the peak resident set size of the process's whole life, MiB. */
  peakRssMiB: number;
}

export class ProcessGone extends Error {
  override name = 'ProcessGone';
}

let ticksPerSecond: number | undefined;

/** The kernel's clock tick (USER_HZ), in which /proc/<pid>/stat counts CPU time. */
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()) || 100;
    } catch {
      ticksPerSecond = 100; // USER_HZ on every Linux architecture the testbed runs on
    }
  }
  return ticksPerSecond;
}

function readProcFile(pid: number, file: string): string {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch (err) {
    throw new ProcessGone(`cannot read /proc/${pid}/${file} (${(err as NodeJS.ErrnoException).code ?? 'error'}): the process has gone, or this is not Linux`);
  }
}

function statusKiB(status: string, field: string, pid: number): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (!match) throw new ProcessGone(`/proc/${pid}/status has no ${field} line: the process is a zombie, or has gone`);
  return Number(match[1]);
}

/** One reading of a process's CPU time and memory. Throws ProcessGone if it cannot be read. */
export function readProc(pid: number): ProcReading {
  const stat = readProcFile(pid, 'stat');
  // The command name (field 2) is in parentheses and may hold spaces or ')': count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const tickMs = 1000 / clockTicks();
  const status = readProcFile(pid, 'status');
  return {
    cpuUserMs: Number(fields[11]) * tickMs, // utime, field 14 of stat
    cpuSystemMs: Number(fields[12]) * tickMs, // stime, field 15
    rssMiB: statusKiB(status, 'VmRSS', pid) / 1024,
    peakRssMiB: statusKiB(status, 'VmHWM', pid) / 1024,
  };
}

/** begin()/end() around a trial, like ProcessProbe, for a process measured from outside. */
export class ProcProbe {
  private start: ProcReading | undefined;
  private startWall = 0;

  constructor(readonly pid: number) {}

  begin(): void {
    this.start = readProc(this.pid);
    this.startWall = performance.now();
  }

  end(): OutsideSample {
    if (!this.start) throw new Error('ProcProbe.end() before begin()');
    const now = readProc(this.pid);
    const wallMs = performance.now() - this.startWall;
    const cpuUserMs = now.cpuUserMs - this.start.cpuUserMs;
    const cpuSystemMs = now.cpuSystemMs - this.start.cpuSystemMs;
    return {
      wallMs,
      cpuUserMs,
      cpuSystemMs,
      cpuPercent: wallMs > 0 ? ((cpuUserMs + cpuSystemMs) / wallMs) * 100 : 0,
      peakRssMiB: now.peakRssMiB,
      rssMiB: now.rssMiB,
      loopDelayP50Ms: null,
      loopDelayP99Ms: null,
      loopDelayMaxMs: null,
      loopUtilization: null,
    };
  }
}
