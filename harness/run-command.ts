/**
 * `testbed run`: checks where the report goes, runs the plan with progress and interrupts wired up, and writes the
 * report. Returns the exit code: 0 every cell measured, 1 a cell failed, 130 interrupted; bad usage throws
 * UsageError (exit 2) before anything is measured.
 */
import path from 'node:path';
import { gitCommit, machine, REPO_ROOT } from './environment.ts';
import { INTERRUPTED_EXIT_CODE, watchInterrupts } from './interrupts.ts';
import { buildPlan, calibrateCpuWork, isDefaultSuite, requireNativeGenerator, type RunOptions } from './plan.ts';
import { progressReporter, type ProgressIo } from './progress.ts';
import { prepareOutDir, saveReport, type SavedReport } from './report/out-dir.ts';
import { probeReferences, type ProbeResult } from '../impls/reference/references.ts';
import { runFaultsForRun } from './faults/for-run.ts';
import { describeEchoGenerator } from './load/echo-generator.ts';
import { MALLOC_NOTE, steadyMallocForChildren } from './malloc-env.ts';
import type { FaultMatrixResult } from './faults/matrix.ts';
import type { ReferencesInfo, RunReport } from './results.ts';
import { isReferenceName, isStyleName } from './systems.ts';
import { runScale } from './scale/run.ts';
import type { ScaleResult } from './scale/types.ts';
import { raiseOwnFdLimit } from './sweep/fd-limit.ts';
import { countSteps, CORE_UNDER_TEST, pinningOf, Runner, type RunPlan } from './runner.ts';
import { runRaceStep, type RaceResult } from './race-step.ts';
import type { CodeExtract } from './report/code/extract.ts';
import { regionsOf } from './report/code/scenarios.ts';

export interface Io extends ProgressIo {
  stdout: (text: string) => void;
}

export type RunCommandOptions = RunOptions & { json?: boolean; out: string };

export async function runCommand(options: RunCommandOptions, command: string, io: Io): Promise<number> {
  const plan = buildPlan(options);
  requireNativeGenerator(plan, describeEchoGenerator());
  const outDir = await prepareOutDir(options.out);
  if (plan.styles.some(isReferenceName)) plan.references = await probeReferences();
  calibrateCpuWork(plan);
  steadyMallocForChildren();
  const sweepLevels = plan.groups.flatMap((g) => (g.sweep ? [g.sweep.level] : []));
  const fdLimit = sweepLevels.length > 0 ? raiseOwnFdLimit(Math.max(...sweepLevels)) : undefined;
  const m = machine();
  const pinning = pinningOf(plan, m.cpuCount);
  const progress = progressReporter(io, countSteps(plan));
  const interrupts = watchInterrupts({ say: progress.log, beforeQuit: progress.stop });
  const startedAt = new Date().toISOString();
  const runner = new Runner(plan, pinning.tasksetPath, { signal: interrupts.stop, halt: interrupts.halt, onProgress: progress.onProgress });
  // The code the report shows is read when the report is written; read now too, to tell if it changed meanwhile.
  const codeAtStart = await codeOf(plan);
  let groups;
  let faults: FaultMatrixResult | undefined;
  let scale: ScaleResult | undefined;
  let race: RaceResult | undefined;
  try {
    groups = await runner.run();
    if (plan.race && !interrupts.stop.aborted) {
      race = await runRaceStep({
        systems: plan.styles,
        ...(pinning.tasksetPath ? { tasksetPath: pinning.tasksetPath, core: CORE_UNDER_TEST } : {}),
        signal: interrupts.stop,
        onProgress: progress.onProgress,
        ...(plan.driverOverrides ? { driverOverrides: plan.driverOverrides } : {}),
      });
    }
    if (plan.faults && !interrupts.stop.aborted) {
      faults = await runFaultsForRun(plan.styles, plan.references, plan.liveFaultReferences ?? false, { signal: interrupts.stop, onProgress: progress.onProgress });
    }
    if (plan.scale && !interrupts.stop.aborted) {
      const onStep = (label: string): void => progress.onProgress({ kind: 'step', label });
      const pinned = pinning.tasksetPath ? { tasksetPath: pinning.tasksetPath } : {};
      scale = await runScale({ units: plan.scale.units, systems: plan.styles.filter(isStyleName), ...pinned, signal: interrupts.stop, halt: interrupts.halt, onStep });
    }
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
      ...(plan.groups.some((g) => g.scenario === 'echo') ? { echoLoadGenerator: describeEchoGenerator().detail } : {}),
      ...(fdLimit ? { fdLimit } : {}),
      allocator: MALLOC_NOTE,
    },
    styles: runner.described,
    ...(plan.references ? { references: referencesInfo(plan.references, plan.styles, scenariosOf(plan)) } : {}),
    groups,
    ...(race ? { race } : {}),
    ...(faults ? { faults } : {}),
    ...(scale ? { scale } : {}),
    code: await withChanges(codeAtStart, await codeOf(plan)),
  };
  const written = await saveReport(report, outDir, { latest: !interrupted && isDefaultSuite(options) });
  io.stdout(options.json ? `${JSON.stringify(report, null, 2)}\n` : written.markdown);
  io.stderr(`\n${whereWritten(written)}\n`);
  if (interrupted) return INTERRUPTED_EXIT_CODE;
  // A reference that is not installed is a skipped row, said in the report, not a failure of the run.
  const failed = groups.flatMap((g) => g.cells).some((c) => c.state !== 'completed' && !(c.state === 'unavailable' && isReferenceName(c.style)));
  // A style that has not written raceCounter yet says so in its row; one whose race broke is a failure.
  const raceFailed = race?.rows.some((r) => r.state !== 'measured' && r.state !== 'unavailable') ?? false;
  return failed || raceFailed || (faults?.failedSystems.length ?? 0) > 0 || (scale?.failures.length ?? 0) > 0 ? 1 : 0;
}

/**
 * The scenario code of the run's styles, for the scenarios it runs, as the checkout holds it now. Loaded on demand:
 * it parses TypeScript, which costs every other command a second to load.
 */
async function codeOf(plan: RunPlan): Promise<CodeExtract> {
  const scenarios = [...plan.groups.map((g) => g.scenario), ...(plan.race ? (['race'] as const) : []), ...(plan.faults ? (['faults'] as const) : [])];
  try {
    const { extractCode } = await import('./report/code/extract.ts');
    return extractCode({ root: REPO_ROOT, styles: plan.styles.filter(isStyleName), regions: regionsOf(scenarios) });
  } catch (err) {
    // Like a chart that cannot be drawn, code that cannot be read must not cost the run its report.
    return { commit: gitCommit(REPO_ROOT), uncommittedFiles: [], regions: [], problems: [`the styles' code could not be read: ${err instanceof Error ? err.message : String(err)}`] };
  }
}

async function withChanges(atStart: CodeExtract, atEnd: CodeExtract): Promise<CodeExtract> {
  const { changedBetween } = await import('./report/code/extract.ts');
  const changed = changedBetween(atStart, atEnd);
  return changed.length > 0 ? { ...atEnd, changedDuringRun: changed } : atEnd;
}

/** The reference roles a plan uses: its groups' scenarios, and url-fetch's systems for the fault matrix. */
function scenariosOf(plan: RunPlan): Set<string> {
  return new Set([...plan.groups.map((g) => g.scenario), ...(plan.faults ? ['url-fetch'] : [])]);
}

function referencesInfo(probe: ProbeResult, systems: readonly string[], scenarios: Set<string>): ReferencesInfo {
  const skipped = Object.entries(probe.references).flatMap(([reference, roles]) =>
    systems.includes(reference)
      ? Object.entries(roles).flatMap(([scenario, a]) => (a && !a.available && scenarios.has(scenario) ? [{ reference, scenario, reason: a.skipped, install: a.install }] : []))
      : [],
  );
  return { python: probe.python, skipped };
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
