/** Writes a run's report files: <stamp>.json (every trial's figures), <stamp>.md, and latest.{md,json}. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunReport } from '../results.ts';
import { renderMarkdown } from './markdown.ts';

export interface WrittenReport {
  markdownPath: string;
  jsonPath: string;
  latestPath: string;
  markdown: string;
}

export async function writeReport(report: RunReport, dir: string): Promise<WrittenReport> {
  await mkdir(dir, { recursive: true });
  const stamp = report.meta.startedAt.replace(/[:.]/g, '-');
  const markdown = renderMarkdown(report);
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const markdownPath = path.join(dir, `${stamp}.md`);
  const jsonPath = path.join(dir, `${stamp}.json`);
  const latestPath = path.join(dir, 'latest.md');
  await Promise.all([
    writeFile(markdownPath, markdown),
    writeFile(jsonPath, json),
    writeFile(latestPath, markdown),
    writeFile(path.join(dir, 'latest.json'), json),
  ]);
  return { markdownPath, jsonPath, latestPath, markdown };
}
