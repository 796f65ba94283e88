/**
 * Writes a report's charts as SVG files beside it, in `<stamp>-charts/`, and returns their paths relative to the
 * report's directory with alt texts, for the markdown to link as images (GitHub renders a linked .svg and strips an
 * inline <svg>). Per scenario group: throughput (a) and latency percentiles (b); then the fault matrix (c), the
 * concurrency sweeps (d) and inline-vs-offloaded runs (e) when the caller has them. The runner's report writer calls
 * it after writing the JSON; nothing else needs to.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import type { FaultMatrixResult } from '../../faults/matrix.ts';
import type { RunReport } from '../../results.ts';
import type { ChartFile } from './link.ts';

export type { ChartFile };
export { chartMarkdown } from './link.ts';
import { hasQuotableFigures } from '../summary.ts';
import { faultGridAlt, faultGridSpec } from './faults.ts';
import { latencyAlt, latencySpec } from './latency.ts';
import { renderSvg } from './render.ts';
import { offloadAlt, offloadSpec, sweepAlt, sweepSpec, type OffloadPoint, type SweepPoint } from './sweeps.ts';
import { throughputAlt, throughputSpec } from './throughput.ts';

/** Series the runner does not produce yet; each becomes one chart. `id` names the file. */
export interface ChartExtras {
  faults?: FaultMatrixResult;
  sweeps?: Array<{ id: string; title: string; unit: string; points: SweepPoint[] }>;
  offload?: Array<{ id: string; title: string; unit: string; points: OffloadPoint[] }>;
}

interface Planned {
  file: string;
  title: string;
  alt: () => string;
  spec: () => TopLevelSpec;
  groupId?: string;
}

const slug = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'chart';

function plan(report: RunReport, extras: ChartExtras): Planned[] {
  const out: Planned[] = [];
  for (const group of report.groups) {
    // A sweep's levels are drawn together, in its sweep chart (extras.sweeps), not one pair of charts per level.
    if (group.setup.sweep || !group.cells.some(hasQuotableFigures)) continue;
    out.push(
      { file: `throughput-${slug(group.id)}.svg`, title: `Throughput — ${group.title}`, alt: () => throughputAlt(group), spec: () => throughputSpec(group), groupId: group.id },
      { file: `latency-${slug(group.id)}.svg`, title: `Latency percentiles — ${group.title}`, alt: () => latencyAlt(group), spec: () => latencySpec(group), groupId: group.id },
    );
  }
  if (extras.faults && extras.faults.rows.length > 0) {
    const faults = extras.faults;
    out.push({ file: 'faults.svg', title: 'Error propagation: where each injected error ended up', alt: () => faultGridAlt(faults), spec: () => faultGridSpec(faults) });
  }
  for (const s of extras.sweeps ?? []) out.push({ file: `sweep-${slug(s.id)}.svg`, title: s.title, alt: () => sweepAlt(s.points, s), spec: () => sweepSpec(s.points, s) });
  for (const s of extras.offload ?? []) out.push({ file: `offload-${slug(s.id)}.svg`, title: s.title, alt: () => offloadAlt(s.points, s), spec: () => offloadSpec(s.points, s) });
  return out;
}

/** The directory the charts of `report` go to, relative to the report's own directory. */
export function chartsDirName(report: RunReport): string {
  return `${report.meta.startedAt.replace(/[:.]/g, '-')}-charts`;
}

export async function writeCharts(report: RunReport, dir: string, extras: ChartExtras = {}): Promise<ChartFile[]> {
  const planned = plan(report, extras);
  if (planned.length === 0) return [];
  const sub = chartsDirName(report);
  await mkdir(path.join(dir, sub), { recursive: true });
  const written: ChartFile[] = [];
  // One at a time: each render holds a vega View, and the report is written once per run.
  for (const p of planned) {
    const { svg, warnings } = await renderSvg(p.spec());
    await writeFile(path.join(dir, sub, p.file), svg);
    written.push({ path: `${sub}/${p.file}`, title: p.title, alt: p.alt(), ...(p.groupId ? { groupId: p.groupId } : {}), warnings });
  }
  return written;
}
