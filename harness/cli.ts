/**
 * The `testbed` command line. Exit codes: 0 success, 1 a cell failed (or the run was interrupted), 2 bad usage.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import cliProgress from 'cli-progress';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { STYLE_NAMES } from '../impls/contract.ts';
import { gitCommit, machine } from './environment.ts';
import { buildPlan, LIMITS, parsePositiveInt, parseScenario, parseSeconds, parseSize, parseStyle, UsageError, type RunOptions } from './plan.ts';
import { writeReport } from './report/write.ts';
import { SCENARIO_NAMES, type RunReport } from './results.ts';
import { countSteps, pinningOf, Runner, type ProgressEvent } from './runner.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Commander wants InvalidArgumentError from parsers; ours throw UsageError with the full message. */
function arg<T>(parse: (v: string) => T): (v: string) => T {
  return (v) => {
    try {
      return parse(v);
    } catch (err) {
      throw new InvalidArgumentError(err instanceof Error ? err.message : String(err));
    }
  };
}
const collect =
  <T>(parse: (v: string) => T) =>
  (v: string, previous: T[] | undefined): T[] => [...(previous ?? []), arg(parse)(v)];

interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
}

const defaultIo: Io = {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  isTTY: Boolean(process.stderr.isTTY),
};

function progressReporter(io: Io, total: number): { onProgress: (e: ProgressEvent) => void; stop: () => void } {
  if (io.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: '{bar} {value}/{total} steps | {label}', stream: process.stderr, hideCursor: true, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { label: 'starting' });
    let started = 0;
    return {
      // A step event announces the step now starting; the bar counts the ones finished before it.
      onProgress: (e) => {
        if (e.kind === 'step') bar.update(started++, { label: e.label });
        else if (e.kind === 'note') io.stderr(`\n${e.message}\n`);
      },
      stop: () => {
        bar.update(started, { label: 'done' });
        bar.stop();
      },
    };
  }
  // Not a terminal (CI, a pipe): one plain line per step instead of a redrawn bar.
  let done = 0;
  return {
    onProgress: (e) => {
      if (e.kind === 'step') io.stderr(`[${++done}/${total}] ${e.label}\n`);
      else if (e.kind === 'note') io.stderr(`${e.message}\n`);
    },
    stop: () => undefined,
  };
}

async function runCommand(options: RunOptions & { json?: boolean; out: string }, command: string, io: Io): Promise<number> {
  const plan = buildPlan(options);
  const m = machine();
  const pinning = pinningOf(plan, m.cpuCount);
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = (): void => {
    interrupts++;
    if (interrupts > 1) process.exit(130); // children die with us (execa cleanup)
    io.stderr('\ninterrupted: finishing the current trial, then writing what was measured (Ctrl-C again to quit now)\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  const progress = progressReporter(io, countSteps(plan));
  const startedAt = new Date().toISOString();
  const runner = new Runner(plan, pinning.tasksetPath, { signal: controller.signal, onProgress: progress.onProgress });
  let groups;
  try {
    groups = await runner.run();
  } finally {
    progress.stop();
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
  const report: RunReport = {
    meta: {
      tool: 'concurrency-testbed',
      schema: 1,
      startedAt,
      finishedAt: new Date().toISOString(),
      ...m,
      gitCommit: gitCommit(ROOT),
      pinning: { enabled: pinning.tasksetPath !== undefined, detail: pinning.detail },
      trials: plan.trials,
      warmupMs: plan.warmupMs,
      command,
      interrupted: controller.signal.aborted,
    },
    styles: runner.described,
    groups,
  };
  const written = await writeReport(report, options.out);
  if (options.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else io.stdout(written.markdown);
  io.stderr(`\nreport: ${path.relative(process.cwd(), written.markdownPath)} (also ${path.relative(process.cwd(), written.latestPath)}, data in ${path.relative(process.cwd(), written.jsonPath)})\n`);
  const failed = groups.flatMap((g) => g.cells).filter((c) => c.state !== 'completed');
  return failed.length > 0 || controller.signal.aborted ? 1 : 0;
}

export function buildProgram(io: Io): Command {
  const program = new Command('testbed')
    .description('Runs the same work in three concurrency styles (callback, fiber, async) and a raw Node baseline, and reports how they compare.')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('run')
    .description('run a benchmark suite and write reports/<time>.md, .json and reports/latest.md')
    .addOption(new Option('--scenario <name>', `scenario to run, repeatable (${SCENARIO_NAMES.join(', ')}); default: all`).argParser(collect(parseScenario)))
    .addOption(new Option('--style <name>', `style to run, repeatable (${STYLE_NAMES.join(', ')}); default: every style that exists; raw is always included`).argParser(collect(parseStyle)))
    .addOption(new Option('--size <bytes>', 'message/body size, repeatable: 1024, 10k, 100KiB (default: echo 1k, 10k, 100k; url-fetch 1k)').argParser(collect(parseSize)))
    .addOption(new Option('--concurrency <n>', 'echo connections / url-fetch requests in flight (default: 10 / 50)').argParser(arg(parsePositiveInt('--concurrency', LIMITS.maxConcurrency))))
    .addOption(new Option('--duration <seconds>', 'length of one echo trial (default: 2)').argParser(arg(parseSeconds('--duration', LIMITS.maxDurationS))))
    .addOption(new Option('--urls <n>', 'URLs fetched per url-fetch trial (default: 10000)').argParser(arg(parsePositiveInt('--urls', LIMITS.maxUrls))))
    .addOption(new Option('--timeout <ms>', 'url-fetch per-request timeout in ms (default: 10000)').argParser(arg(parsePositiveInt('--timeout', LIMITS.maxTimeoutMs))))
    .addOption(new Option('--trials <n>', 'measured trials per cell, after one warm-up (default: 3)').argParser(arg(parsePositiveInt('--trials', LIMITS.maxTrials))))
    .addOption(new Option('--warmup <seconds>', 'length of the echo warm-up trial (default: 1)').argParser(arg(parseSeconds('--warmup', LIMITS.maxDurationS))))
    .option('--quick', 'a fast smoke run: 1 trial, 1 s echo at 1 KiB only, 2000 URLs')
    .option('--json', 'print the JSON report on stdout instead of the markdown')
    .option('--out <dir>', 'directory for reports', path.join(ROOT, 'reports'))
    .option('--no-pin', 'do not pin server and load to different cores with taskset')
    .action(async function (this: Command) {
      const opts = this.opts<RunOptions & { json?: boolean; out: string }>();
      program.setOptionValue('exitCode', await runCommand(opts, `testbed ${process.argv.slice(2).join(' ')}`.trim(), io));
    });

  program
    .command('microbench')
    .description('microbenchmarks of each style\'s primitives (tinybench), printed as a table')
    .option('--quick', 'shorter sampling')
    .action(async function (this: Command) {
      const { printMicrobenchmarks } = await import('./microbench-cli.ts');
      await printMicrobenchmarks(this.opts<{ quick?: boolean }>(), io.stdout);
    });

  program
    .command('target')
    .description('run the target HTTP server in the foreground (loopback only), for poking at by hand')
    .addOption(new Option('--port <n>', 'port (default: any free one)').argParser(arg(parsePositiveInt('--port', 65535))))
    .action(async function (this: Command) {
      const { startTargetServer } = await import('./target-server.ts');
      const target = await startTargetServer({ port: this.opts<{ port?: number }>().port ?? 0 });
      io.stdout(`target server on ${target.url} (Ctrl-C to stop)\n`);
      await new Promise<void>((resolve) => process.once('SIGINT', resolve));
      await target.close();
    });

  return program;
}

/** Runs the CLI and returns the exit code instead of exiting, so tests can call it in-process too. */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const program = buildProgram(io);
  if (argv.length === 0) {
    program.outputHelp();
    return 2;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return (program.getOptionValue('exitCode') as number | undefined) ?? 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are successes; every other commander error is bad usage and has been printed.
      return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help' ? 0 : 2;
    }
    if (err instanceof UsageError) {
      io.stderr(`error: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
