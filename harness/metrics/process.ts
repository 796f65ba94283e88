/**
 * What the process under test cost while a trial ran: CPU time, peak RSS, event-loop delay and utilisation.
 * Lives inside the measured process (the style host, the load generator) and is started/stopped around a trial.
 */
import { monitorEventLoopDelay, performance, type EventLoopUtilization } from 'node:perf_hooks';

export interface ProcessSample {
  wallMs: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  /** (user + system) / wall, as a percentage of one core. */
  cpuPercent: number;
  /** Peak resident set size of the process so far, MiB. */
  peakRssMiB: number;
  /**
   * How late the event loop ran a timer while the trial ran, ms (sampled every 10 ms). null where it cannot be known:
   * a process measured from outside (a Python reference, harness/metrics/proc.ts) has no Node loop to ask.
   */
  loopDelayP50Ms: number | null;
  loopDelayP99Ms: number | null;
  loopDelayMaxMs: number | null;
  /** Fraction of the trial the event loop was busy, 0..1; null as above. */
  loopUtilization: number | null;
}

/** Sampling interval of the loop-delay timer. Coarse on purpose: a finer one would add work to the process measured. */
const DELAY_RESOLUTION_MS = 10;

export class ProcessProbe {
  private readonly delay = monitorEventLoopDelay({ resolution: DELAY_RESOLUTION_MS });
  private startWall = 0;
  private startCpu: NodeJS.CpuUsage | undefined;
  private startElu: EventLoopUtilization | undefined;

  begin(): void {
    this.delay.reset();
    this.delay.enable();
    this.startWall = performance.now();
    this.startCpu = process.cpuUsage();
    this.startElu = performance.eventLoopUtilization();
  }

  end(): ProcessSample {
    const wallMs = performance.now() - this.startWall;
    const cpu = process.cpuUsage(this.startCpu);
    const elu = performance.eventLoopUtilization(this.startElu);
    this.delay.disable();
    // The histogram holds whole timer intervals (an idle loop reads ~10 ms); the delay is what exceeds the interval.
    const ns = (v: number): number => (Number.isFinite(v) ? Math.max(0, v / 1e6 - DELAY_RESOLUTION_MS) : 0);
    const cpuUserMs = cpu.user / 1000;
    const cpuSystemMs = cpu.system / 1000;
    return {
      wallMs,
      cpuUserMs,
      cpuSystemMs,
      cpuPercent: wallMs > 0 ? ((cpuUserMs + cpuSystemMs) / wallMs) * 100 : 0,
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
      loopDelayP50Ms: ns(this.delay.percentile(50)),
      loopDelayP99Ms: ns(this.delay.percentile(99)),
      loopDelayMaxMs: ns(this.delay.max),
      loopUtilization: elu.utilization,
    };
  }
}
