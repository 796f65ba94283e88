/**
 * The `testbed` command line. Exit codes: 0 success, 1 a cell failed, 2 bad usage, 130 the run was interrupted.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import path from 'node:path';
import { isStyleName, STYLE_NAMES, type StyleName } from '../impls/contract.ts';
import { REFERENCE_NAMES } from '../impls/reference/references.ts';
import { REPO_ROOT } from './environment.ts';
import { ROUTES } from './target-routes.ts';
import { LIMITS, parseLevelsOption, parseLoadPatternOption, parsePositiveInt, parseScenario, parseSeconds, parseSize, parseStyle, parseSuite, UsageError } from './plan.ts';
import { SUITES, SUITE_NAMES } from './suites.ts';
import { SWEEP_LEVELS } from './sweep/levels.ts';
import { SCALE_UNITS } from './scale/types.ts';
import { SCENARIO_NAMES } from './results.ts';
import { runCommand, type Io, type RunCommandOptions } from './run-command.ts';
import { SHOWABLE } from './report/code/scenarios.ts';
import { LOAD_PATTERN_CHECK } from '../scenarios/echo.ts';

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

/** The styles with units of their own to measure (raw-idiomatic is raw written the first way: it has none). */
const SCALE_STYLES: readonly StyleName[] = STYLE_NAMES.filter((s) => s !== 'raw-idiomatic');

function parseScaleStyle(value: string): StyleName {
  const v = value.trim();
  if (!isStyleName(v) || !SCALE_STYLES.includes(v)) throw new UsageError(`unknown style '${value}'; the scale measurements have: ${SCALE_STYLES.join(', ')}`);
  return v;
}

function parseStyleOnly(value: string): StyleName {
  const v = value.trim();
  if (!isStyleName(v)) throw new UsageError(`unknown style '${value}'; styles are: ${STYLE_NAMES.join(', ')}`);
  return v;
}

const defaultIo: Io = {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  ...(process.stderr.isTTY ? { terminal: process.stderr } : {}),
};

export function buildProgram(io: Io): Command {
  const program = new Command('testbed')
    .description('Runs the same work in three concurrency styles (callback, fiber, async) and a raw Node baseline, and reports how they compare.')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('run')
    .description('run a benchmark suite and write reports/<time>.md and .json (and reports/latest.md, for a complete run of the default suite)')
    .addOption(new Option('--suite <name>', `a named list of scenarios (${SUITE_NAMES.map((n) => `${n}: ${SUITES[n].join(', ')}`).join('; ')}); default: default`).argParser(arg(parseSuite)))
    .addOption(new Option('--scenario <name>', `scenario to run, repeatable (${SCENARIO_NAMES.join(', ')}), instead of a suite`).argParser(collect(parseScenario)))
    .addOption(new Option('--style <name>', `style or reference to run, repeatable (${STYLE_NAMES.join(', ')}; references ${REFERENCE_NAMES.join(', ')}); default: every style, and every reference this machine's Python has; raw is always included`).argParser(collect(parseStyle)))
    .option('--no-references', 'leave out the real Python systems (Tornado, gevent, asyncio, uvloop) even where installed')
    .addOption(new Option('--size <bytes>', 'message/body size, repeatable: 1024, 10k, 100KiB (default: echo 1k, 10k, 100k; url-fetch 1k)').argParser(collect(parseSize)))
    .addOption(new Option('--concurrency <n>', 'echo connections / url-fetch requests in flight (default: 10 / 50)').argParser(arg(parsePositiveInt('--concurrency', LIMITS.maxConcurrency))))
    .addOption(new Option('--rate <msgs/s>', 'run the echo groups in open loop at this many messages a second in all, measuring each from when it should have gone out (as wrk2; native load generator only); default: closed loop').argParser(arg(parsePositiveInt('--rate', LIMITS.maxRate))))
    .addOption(new Option('--load-pattern <pattern>', `how the echo load generator writes and reads, repeatable: one-write (each message in one write, 64 KiB reads: the default, as vmbench), writes-<size> (each message in pieces, e.g. writes-16k), reads-<size> (e.g. reads-4k), or writes-<size>+reads-<size>; with two or more, the report checks that the ranking holds under each (npm run bench:load-pattern: ${LOAD_PATTERN_CHECK.join(', ')}); native load generator only`).argParser(collect(parseLoadPatternOption)))
    .addOption(new Option('--levels <list>', `levels of the concurrency sweeps, e.g. 1,10,100 (default: echo-sweep ${SWEEP_LEVELS.echo.join(',')}; url-fetch-sweep ${SWEEP_LEVELS['url-fetch'].join(',')})`).argParser(arg(parseLevelsOption)))
    .addOption(new Option('--units <n>', `units parked at once by the scale scenario (default: ${SCALE_UNITS})`).argParser(arg(parsePositiveInt('--units', LIMITS.maxUnits))))
    .addOption(new Option('--duration <seconds>', 'length of one echo, cpu or sweep trial (default: 1 in the default suite, 2 in the full suite or with --scenario)').argParser(arg(parseSeconds('--duration', LIMITS.maxDurationS))))
    .addOption(new Option('--urls <n>', 'URLs fetched per url-fetch trial (default: 10000)').argParser(arg(parsePositiveInt('--urls', LIMITS.maxUrls))))
    .addOption(new Option('--timeout <ms>', 'url-fetch per-request timeout in ms (default: 10000)').argParser(arg(parsePositiveInt('--timeout', LIMITS.maxTimeoutMs))))
    .addOption(new Option('--trials <n>', 'measured trials per cell, after one warm-up (default: 3)').argParser(arg(parsePositiveInt('--trials', LIMITS.maxTrials))))
    .addOption(new Option('--warmup <seconds>', 'length of the warm-up trial before them (default: 0.5 in the default suite, 1 otherwise)').argParser(arg(parseSeconds('--warmup', LIMITS.maxDurationS))))
    .option('--quick', 'a fast smoke run: 1 trial, 1 s echo at 1 KiB only, 2000 URLs')
    .option('--json', 'print the JSON report on stdout instead of the markdown')
    .option('--out <dir>', 'directory for reports', path.join(REPO_ROOT, 'reports'))
    .option('--no-pin', 'do not pin server and load to different cores with taskset')
    .action(async function (this: Command) {
      const opts = this.opts<RunCommandOptions>();
      program.setOptionValue('exitCode', await runCommand(opts, `testbed ${process.argv.slice(2).join(' ')}`.trim(), io));
    });

  program
    .command('scale')
    .description(`park many of each style's own units at once (greenlets, tasks, callbacks, timers, promises): time to make them, memory each, time to wake them all; one child process per measurement (the same as \`testbed run --scenario scale\`, printed alone)`)
    .addOption(new Option('--units <n>', `units parked at once (default: ${SCALE_UNITS})`).argParser(arg(parsePositiveInt('--units', LIMITS.maxUnits))))
    .addOption(new Option('--style <name>', `style to measure, repeatable (${SCALE_STYLES.join(', ')}); default: all`).argParser(collect(parseScaleStyle)))
    .option('--json', 'print the results as JSON instead of the markdown table')
    .action(async function (this: Command) {
      const { scaleCommand } = await import('./scale/command.ts');
      program.setOptionValue('exitCode', await scaleCommand(this.opts<{ units?: number; style?: StyleName[]; json?: boolean }>(), io));
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
    .command('compare')
    .description('compare two runs\' JSON reports figure by figure: the change in percent and whether it is beyond the noise of the trials (Mann-Whitney U)')
    .argument('<a>', 'the first run\'s JSON report (e.g. reports/<time>.json)')
    .argument('<b>', 'the second run\'s JSON report')
    .option('--as <names>', 'names for the two sides, e.g. before,after (default: the file names)')
    .option('--fail-on-regression <pct>', 'exit 1 if a figure got significantly worse by more than this many percent')
    .option('--out <file>', 'also write the comparison as markdown to this file')
    .action(async function (this: Command, a: string, b: string) {
      const { compareCommand } = await import('./compare-cli.ts');
      program.setOptionValue('exitCode', await compareCommand({ files: [a, b], ...this.opts<{ as?: string; failOnRegression?: string; out?: string }>() }, io));
    });

  program
    .command('show')
    .description('print each style\'s code for a scenario side by side (the marked regions of impls/<style>/), with its lines of code, error-handling sites and shared state, as a report shows them')
    .argument('<scenario>', `a scenario or one of its regions: ${SHOWABLE.join(', ')}`)
    .addOption(new Option('--style <name>', `only this style, repeatable (${STYLE_NAMES.join(', ')})`).argParser(collect(parseStyleOnly)))
    .action(async function (this: Command, scenario: string) {
      const { showCommand } = await import('./show-command.ts'); // it parses TypeScript: load that only when asked
      io.stdout(showCommand(scenario, this.opts<{ style?: StyleName[] }>().style));
    });

  program
    .command('target')
    .description('run the target HTTP server in the foreground (loopback only), for poking at by hand')
    .addHelpText('after', `\nRoutes:\n${ROUTES.map((r) => `  ${r.route.padEnd(20)} ${r.does}`).join('\n')}\n`)
    .addOption(new Option('--port <n>', 'port (default: any free one)').argParser(arg(parsePositiveInt('--port', 65535))))
    .action(async function (this: Command) {
      const { startTargetServer } = await import('./target-server.ts');
      const port = this.opts<{ port?: number }>().port;
      const target = await startTargetServer({ port: port ?? 0 }).catch((err: NodeJS.ErrnoException) => {
        if (port === undefined) throw err; // any free port: nothing the user chose went wrong
        const why = err.code === 'EADDRINUSE' ? 'that port is in use' : err.code === 'EACCES' ? 'not allowed to listen on that port' : err.message;
        throw new UsageError(`--port ${port}: the target server cannot listen there (${why}); pick another port, or leave --port out for a free one`);
      });
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
