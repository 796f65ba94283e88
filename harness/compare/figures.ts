/**
 * The figures two runs are compared on, each with its unit and which way is better. A figure is read per trial, so
 * that the comparison can test the trials themselves rather than two medians.
 */
import type { GroupResult, Trial } from '../results.ts';

export type FigureId = 'throughput' | 'p50' | 'p99' | 'cpu-per-op' | 'peak-rss';
export type Direction = 'higher-is-better' | 'lower-is-better';

export interface FigureSpec {
  id: FigureId;
  /** Column label: what it is and its unit. */
  label(group: GroupResult): string;
  direction: Direction;
  /** The figure of one trial, or undefined when the trial does not carry it. */
  pick(trial: Trial): number | undefined;
}

const finite = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export const FIGURES: readonly FigureSpec[] = [
  {
    id: 'throughput',
    label: (g) => (g.setup.scenario === 'echo' ? 'msgs/s' : 'URLs/s'),
    direction: 'higher-is-better',
    pick: (t) => finite(t.opsPerSec),
  },
  { id: 'p50', label: () => 'p50 ms', direction: 'lower-is-better', pick: (t) => finite(t.latency?.p50) },
  { id: 'p99', label: () => 'p99 ms', direction: 'lower-is-better', pick: (t) => finite(t.latency?.p99) },
  {
    id: 'cpu-per-op',
    label: () => 'CPU µs/op',
    direction: 'lower-is-better',
    // CPU time of the process under test per operation: what the style costs, whatever the throughput.
    pick: (t) => {
      const user = finite(t.process?.cpuUserMs);
      const system = finite(t.process?.cpuSystemMs);
      if (user === undefined || system === undefined || !(t.operations > 0)) return undefined;
      return ((user + system) * 1000) / t.operations;
    },
  },
  { id: 'peak-rss', label: () => 'peak RSS MiB', direction: 'lower-is-better', pick: (t) => finite(t.process?.peakRssMiB) },
];
