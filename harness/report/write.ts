/** Writes a run's report files: <stamp>.json (every trial's figures), <stamp>.md, and, if asked, latest.{md,json}. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunReport } from '../results.ts';
import { chartExtrasOf } from './chart-data.ts';
import type { ChartFile } from './charts/link.ts';
import { renderMarkdown } from './markdown.ts';
import { makeDirs } from './make-dirs.ts';

export interface WrittenReport {
  markdownPath: string;
  jsonPath: string;
  /** Only when latest.md was (re)written. */
  latestPath?: string;
  markdown: string;
}

export async function writeReport(report: RunReport, dir: string, options: { latest: boolean }): Promise<WrittenReport> {
  await makeDirs(dir);
  const stamp = report.meta.startedAt.replace(/[:.]/g, '-');
  // A chart that cannot be drawn must not cost the run its report: the report then says so instead.
  let charts: ChartFile[] | string;
  try {
    // Loaded only now: vega is large, and a run should not pay for it (or hold its files open) until it has results.
    const { writeCharts } = await import('./charts/write.ts');
    charts = await writeCharts(report, dir, chartExtrasOf(report));
  } catch (err) {
    charts = err instanceof Error ? err.message : String(err);
  }
  const markdown = renderMarkdown(report, charts);
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const markdownPath = path.join(dir, `${stamp}.md`);
  const jsonPath = path.join(dir, `${stamp}.json`);
  await Promise.all([writeFile(markdownPath, markdown), writeFile(jsonPath, json)]);
  if (!options.latest) return { markdownPath, jsonPath, markdown };
  // After the stamped files, so that latest never names a run whose own files are missing.
  const latestPath = path.join(dir, 'latest.md');
  await Promise.all([writeFile(latestPath, markdown), writeFile(path.join(dir, 'latest.json'), json)]);
  return { markdownPath, jsonPath, latestPath, markdown };
}
