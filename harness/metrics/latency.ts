/**
 * Latency recording into an HdrHistogram (microsecond resolution, 3 significant digits).
 */
import * as hdr from 'hdr-histogram-js';

export interface LatencySummary {
  count: number;
  /** All in milliseconds. */
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

export class LatencyRecorder {
  private readonly histogram = hdr.build({
    bitBucketSize: 'packed',
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000, // an hour in µs: nothing in a bounded run exceeds it
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });

  recordMs(ms: number): void {
    this.recordMicros(Math.round(ms * 1000));
  }

  /** For samples already in whole microseconds (the native echo load generator's). */
  recordMicros(us: number): void {
    this.histogram.recordValue(Math.max(1, us));
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  reset(): void {
    this.histogram.reset();
  }

  summary(): LatencySummary {
    const h = this.histogram;
    const at = (p: number): number => h.getValueAtPercentile(p) / 1000;
    return {
      count: h.totalCount,
      p50: at(50),
      p90: at(90),
      p99: at(99),
      p999: at(99.9),
      max: h.maxValue / 1000,
      mean: h.totalCount > 0 ? h.mean / 1000 : 0,
    };
  }
}
