/**
 * `testbed run`: checks where the report goes, runs the plan with progress and interrupts wired up, and writes the
 * report. Returns the exit code: 0 every cell measured, 1 a cell failed, 130 interrupted; bad usage throws
 * UsageError (exit 2) before anything is measured.
 */
import path from 'node:path';
import { gitCommit, machine, REPO_ROOT } from './environment.ts';
import { INTERRUPTED_EXIT_CODE, watchInterrupts } from './interrupts.ts';
import { buildPlan, isDefaultSuite, type RunOptions } from './plan.ts';
import { progressReporter, type ProgressIo } from './progress.ts';
import { prepareOutDir, saveReport, type SavedReport } from './report/out-dir.ts';
import type { RunReport } from './results.ts';
import { countSteps, pinningOf, Runner } from './runner.ts';

export interface Io extends ProgressIo {
  stdout: (text: string) => void;
}

export type RunCommandOptions = RunOptions & { json?: boolean; out: string };

export async function runCommand(options: RunCommandOptions, command: string, io: Io): Promise<number> {
  const plan = buildPlan(options);
  const outDir = await prepareOutDir(options.out);
  const m = machine();
  const pinning = pinningOf(plan, m.cpuCount);
  const progress = progressReporter(io, countSteps(plan));
  const interrupts = watchInterrupts({ say: progress.log, beforeQuit: progress.stop });
  const startedAt = new Date().toISOString();
  const runner = new Runner(plan, pinning.tasksetPath, { signal: interrupts.stop, halt: interrupts.halt, onProgress: progress.onProgress });
  let groups;
  try {
    groups = await runner.run();
  } finally {
    progress.stop();
    interrupts.dispose();
  }
  const interrupted = interrupts.stop.aborted;
  const report: RunReport = {
    meta: {
      tool: 'concurrency-testbed',
      schema: 2,
      startedAt,
      finishedAt: new Date().toISOString(),
      ...m,
      gitCommit: gitCommit(REPO_ROOT),
      pinning: { enabled: pinning.tasksetPath !== undefined, detail: pinning.detail },
      trials: plan.trials,
      warmupMs: plan.warmupMs,
      command,
      interrupted,
    },
    styles: runner.described,
    groups,
  };
  const written = await saveReport(report, outDir, { latest: !interrupted && isDefaultSuite(options) });
  io.stdout(options.json ? `${JSON.stringify(report, null, 2)}\n` : written.markdown);
  io.stderr(`\n${whereWritten(written)}\n`);
  if (interrupted) return INTERRUPTED_EXIT_CODE;
  return groups.flatMap((g) => g.cells).some((c) => c.state !== 'completed') ? 1 : 0;
}

function whereWritten(written: SavedReport): string {
  const rel = (p: string): string => path.relative(process.cwd(), p) || '.';
  const files = `${rel(written.markdownPath)}, data in ${rel(written.jsonPath)}`;
  if (written.fallbackFrom) {
    return `could not write the report to ${written.fallbackFrom.dir} (${written.fallbackFrom.reason}); wrote it to ${files} instead`;
  }
  if (written.latestPath) return `report: ${files}; also ${rel(written.latestPath)}`;
  return `report: ${files} (latest.md is left as it was: only a complete run of the default suite replaces it)`;
}
