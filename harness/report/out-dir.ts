/**
 * Where a run's report goes, checked before the run measures anything (a bad --out is bad usage, exit 2), and a
 * fallback for when writing still fails at the end: a run's data is never lost to a full disk or a vanished
 * directory. Called by the run command.
 */
import { mkdtemp, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../plan.ts';
import type { RunReport } from '../results.ts';
import { makeDirs } from './make-dirs.ts';
import { writeReport, type WrittenReport } from './write.ts';

/** Creates the report directory and proves it writable; throws UsageError naming --out and the reason. */
export async function prepareOutDir(dir: string): Promise<string> {
  const absolute = path.resolve(dir);
  const probe = path.join(absolute, `.testbed-write-check-${process.pid}`);
  try {
    await makeDirs(absolute);
    await writeFile(probe, '');
    await unlink(probe);
  } catch (err) {
    throw new UsageError(`--out ${dir}: cannot write reports there (${err instanceof Error ? err.message : String(err)})`);
  }
  return absolute;
}

export interface SavedReport extends WrittenReport {
  /** Set when the report could not go where it was asked to: where that was, and why. */
  fallbackFrom?: { dir: string; reason: string };
}

/** Writes the report to `dir`, or when that fails, to a fresh directory under the system's temp dir. */
export async function saveReport(report: RunReport, dir: string, options: { latest: boolean }): Promise<SavedReport> {
  try {
    return await writeReport(report, dir, options);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const fallback = await mkdtemp(path.join(os.tmpdir(), 'testbed-report-'));
    return { ...(await writeReport(report, fallback, { latest: false })), fallbackFrom: { dir, reason } };
  }
}
