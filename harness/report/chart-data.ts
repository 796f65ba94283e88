/** The series a report's charts need beyond its groups: the fault matrix, the concurrency sweeps, and the cpu groups as inline-vs-offloaded points. */
import type { RunReport } from '../results.ts';
import type { ChartExtras } from './charts/write.ts';
import type { OffloadPoint } from './charts/sweeps.ts';
import { hasQuotableFigures, summarizeCell } from './summary.ts';
import { sweepPoints, sweepsOf } from './sweep.ts';

export function chartExtrasOf(report: RunReport): ChartExtras {
  const points: OffloadPoint[] = [];
  for (const group of report.groups) {
    if (group.setup.scenario !== 'cpu') continue;
    const { mode, workMs } = group.setup.params;
    for (const cell of group.cells) {
      const s = hasQuotableFigures(cell) ? summarizeCell(cell) : undefined;
      if (!s || s.loopDelayP99Ms === null) continue;
      points.push({
        system: cell.style,
        mode: mode === 'inline' ? 'inline' : 'offloaded',
        cpuMsPerRequest: workMs,
        opsPerSec: s.opsPerSec,
        p99Ms: Math.max(s.p99, 0.001),
        loopDelayP99Ms: Math.max(s.loopDelayP99Ms, 0.001),
      });
    }
  }
  const sweeps = sweepsOf(report).flatMap((s) => {
    const swept = sweepPoints(s);
    return swept.length > 0 ? [{ id: s.id, title: s.title, unit: s.unit, points: swept }] : [];
  });
  return {
    ...(report.faults ? { faults: report.faults } : {}),
    ...(sweeps.length > 0 ? { sweeps } : {}),
    ...(points.length > 0 ? { offload: [{ id: 'cpu', title: 'CPU work inline vs offloaded to worker threads', unit: 'requests/s', points }] } : {}),
  };
}
