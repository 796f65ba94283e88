/**
 * From command-line options to a RunPlan: defaults, --quick, and validation with messages that name the option.
 */
import { STYLE_NAMES } from '../impls/contract.ts';
import { isStyleAvailable } from '../impls/registry.ts';
import { REFERENCE_NAMES } from '../impls/reference/references.ts';
import { CPU_DEFAULTS } from '../scenarios/cpu.ts';
import { ECHO_DEFAULTS, ECHO_SIZES, parseLoadPattern, type LoadPattern } from '../scenarios/echo.ts';
import { calibrateIterations } from '../impls/shared/cpu-work.ts';
import { MAX_PAYLOAD_BYTES } from '../scenarios/payload.ts';
import { URL_FETCH_DEFAULTS } from '../scenarios/url-fetch.ts';
import { SCENARIO_NAMES, type GroupParams, type ScenarioName } from './results.ts';
import type { EchoGeneratorInfo } from './load/echo-trial.ts';
import type { RunPlan } from './runner.ts';
import { isReferenceName, isSystemName, type SystemName } from './systems.ts';
import { SCALE_UNITS } from './scale/types.ts';
import { SCENARIO_TIMING, SUITES, SUITE_NAMES, SUITE_TIMING, type SuiteName } from './suites.ts';
import { parseLevels, sweepGroups } from './sweep/levels.ts';

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface RunOptions {
  /** Which suite of scenarios (harness/suites.ts); default: 'default'. Not with `scenario`. */
  suite?: SuiteName;
  scenario?: ScenarioName[];
  style?: SystemName[];
  /** Include the real Python systems as reference rows (default: yes; those not installed become skipped rows). */
  references?: boolean;
  duration?: number;
  concurrency?: number;
  size?: number[];
  urls?: number;
  timeout?: number;
  trials?: number;
  warmup?: number;
  quick?: boolean;
  pin?: boolean;
  /** Echo groups in open loop at this many messages a second in all (the native load generator's openLoopRate). */
  rate?: number;
  /** Echo groups once per load pattern (the native load generator's write and read sizes), for the load-pattern check. */
  loadPattern?: LoadPattern[];
  /** The sweeps' levels instead of SWEEP_LEVELS. */
  levels?: number[];
  /** Units parked at once in the scale scenario. */
  units?: number;
}

const QUICK = { trials: 1, durationMs: 1000, warmupMs: 500, urls: 2000, echoSizes: [1024], units: 10_000 };
const DEFAULT_TRIALS = 3;
/** Bounds that keep every load loop bounded; beyond them a run would not finish in any useful time. */
export const LIMITS = { maxTrials: 50, maxDurationS: 300, maxConcurrency: 10_000, maxUrls: 1_000_000, maxTimeoutMs: 300_000, maxRate: 1_000_000, maxUnits: 1_000_000 };

export function parsePositiveInt(name: string, max: number): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value.trim())) throw new UsageError(`${name} must be a positive whole number, got '${value}'`);
    const n = Number(value);
    if (n < 1 || n > max) throw new UsageError(`${name} must be between 1 and ${max}, got ${n}`);
    return n;
  };
}

export function parseSeconds(name: string, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n > max) {
      throw new UsageError(`${name} must be a number of seconds above 0 and at most ${max}, got '${value}'`);
    }
    return n;
  };
}

/** "1024", "10k", "10KiB", "1m" → bytes. */
export function parseSize(value: string): number {
  const m = /^(\d+)\s*(b|k|kb|kib|m|mb|mib)?$/i.exec(value.trim());
  if (!m) throw new UsageError(`--size must be a byte count like 1024, 10k or 100KiB, got '${value}'`);
  const unit = (m[2] ?? 'b').toLowerCase();
  const n = Number(m[1]) * (unit.startsWith('k') ? 1024 : unit.startsWith('m') ? 1024 * 1024 : 1);
  if (n < 1 || n > MAX_PAYLOAD_BYTES) throw new UsageError(`--size must be between 1 byte and ${MAX_PAYLOAD_BYTES / (1024 * 1024)} MiB, got '${value}'`);
  return n;
}

/** `--load-pattern`: one-write, writes-<size>, reads-<size>, or writes-<size>+reads-<size>. */
export function parseLoadPatternOption(value: string): LoadPattern {
  try {
    return parseLoadPattern(value, (v) => parseSize(v));
  } catch (err) {
    const message = err instanceof UsageError ? err.message.replace('--size', 'a load pattern\'s size') : (err as Error).message;
    throw new UsageError(`--load-pattern: ${message}`);
  }
}

export function parseStyle(value: string): SystemName {
  const v = value.trim();
  if (!isSystemName(v)) throw new UsageError(`unknown style '${value}'; styles are: ${STYLE_NAMES.join(', ')}; references: ${REFERENCE_NAMES.join(', ')}`);
  return v;
}

export function parseScenario(value: string): ScenarioName {
  const v = value.trim();
  if (!(SCENARIO_NAMES as readonly string[]).includes(v)) throw new UsageError(`unknown scenario '${value}'; scenarios are: ${SCENARIO_NAMES.join(', ')}`);
  return v as ScenarioName;
}

export function parseSuite(value: string): SuiteName {
  const v = value.trim();
  if (!(SUITE_NAMES as readonly string[]).includes(v)) throw new UsageError(`unknown suite '${value}'; suites are: ${SUITE_NAMES.join(', ')}`);
  return v as SuiteName;
}

/** `--levels`, as a command-line parser: a UsageError naming the option. */
export function parseLevelsOption(value: string): number[] {
  try {
    return parseLevels(value, LIMITS.maxConcurrency);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** Options that only mean something with a scenario: asking for one without it is a mistake, said as such. */
function checkOptionsFit(options: RunOptions, scenarios: readonly ScenarioName[]): void {
  if (options.suite !== undefined && options.scenario !== undefined) {
    throw new UsageError(`--suite and --scenario cannot be combined: a suite is its own list of scenarios (${SUITE_NAMES.map((n) => `${n}: ${SUITES[n].join(', ')}`).join('; ')})`);
  }
  if (options.rate !== undefined && !scenarios.includes('echo')) throw new UsageError('--rate runs the echo groups in open loop; the run has none (add --scenario echo)');
  if (options.loadPattern !== undefined && !scenarios.includes('echo')) throw new UsageError('--load-pattern sets how the echo load generator writes and reads; the run has no echo group (add --scenario echo)');
  if (options.levels !== undefined && !scenarios.some((s) => s === 'echo-sweep' || s === 'url-fetch-sweep')) {
    throw new UsageError('--levels sets the levels of a concurrency sweep; the run has none (add --scenario echo-sweep or url-fetch-sweep)');
  }
  if (options.units !== undefined && !scenarios.includes('scale')) throw new UsageError('--units sets how many units the scale scenario parks; the run has none (add --scenario scale)');
}

export function buildPlan(options: RunOptions): RunPlan {
  const quick = options.quick ?? false;
  const scenarios = dedupe(options.scenario ?? [...SUITES[options.suite ?? 'default']]);
  checkOptionsFit(options, scenarios);
  // Default: every style that exists, then every reference (skipped rows where not installed). raw is always in,
  // first: it is the baseline every other row is divided by. --style names rows one by one; --no-references drops
  // the references whichever way they were asked for.
  const withReferences = options.references ?? true;
  const asked = options.style ?? [...STYLE_NAMES.filter(isStyleAvailable), ...REFERENCE_NAMES];
  const styles = dedupe(['raw', ...asked] as SystemName[]).filter((s) => withReferences || !isReferenceName(s));
  const timing = options.scenario ? SCENARIO_TIMING : SUITE_TIMING[options.suite ?? 'default'];
  const durationMs = options.duration !== undefined ? options.duration * 1000 : quick ? QUICK.durationMs : timing.durationMs;
  const groups: GroupParams[] = [];
  const urlFetchJob = { urls: options.urls ?? (quick ? QUICK.urls : URL_FETCH_DEFAULTS.urls), timeoutMs: options.timeout ?? URL_FETCH_DEFAULTS.timeoutMs };
  for (const scenario of scenarios) {
    // Not groups of trials: the race, the fault matrix and the scale measurements run after them (plan.race, plan.faults, plan.scale).
    if (scenario === 'faults' || scenario === 'scale' || scenario === 'race') continue;
    if (scenario === 'echo-sweep' || scenario === 'url-fetch-sweep') {
      const kind = scenario === 'echo-sweep' ? 'echo' : 'url-fetch';
      groups.push(...sweepGroups(kind, { ...(options.levels ? { levels: options.levels } : {}), ...(options.size ? { sizes: options.size } : {}), durationMs, urlFetch: urlFetchJob }));
    } else if (scenario === 'url-fetch') {
      for (const size of options.size ?? [URL_FETCH_DEFAULTS.size]) {
        groups.push({
          scenario,
          params: { ...urlFetchJob, size, concurrency: options.concurrency ?? URL_FETCH_DEFAULTS.concurrency },
        });
      }
    } else if (scenario === 'cpu') {
      // Inline, then offloaded; the work per request is calibrated on this machine when the run starts
      // (calibrateCpuWork), so `iterations` is left at 0 here.
      for (const mode of ['inline', 'offload'] as const) {
        groups.push({ scenario, params: { ...CPU_DEFAULTS, mode, connections: options.concurrency ?? CPU_DEFAULTS.connections, durationMs, iterations: 0 } });
      }
    } else {
      // The load patterns of one size side by side: the check compares them, and drift is least between neighbours.
      const patterns = options.loadPattern ? dedupeBy(options.loadPattern, (p) => p.name) : [undefined];
      for (const size of options.size ?? (quick ? QUICK.echoSizes : ECHO_SIZES)) {
        for (const loadPattern of patterns) {
          groups.push({
            scenario,
            params: {
              ...ECHO_DEFAULTS,
              connections: options.concurrency ?? ECHO_DEFAULTS.connections,
              size,
              durationMs,
              ...(options.rate !== undefined ? { openLoopRate: options.rate } : {}),
              ...(loadPattern ? { loadPattern } : {}),
            },
          });
        }
      }
    }
  }
  return {
    styles,
    groups,
    trials: options.trials ?? (quick ? QUICK.trials : DEFAULT_TRIALS),
    warmupMs: options.warmup !== undefined ? options.warmup * 1000 : quick ? QUICK.warmupMs : timing.warmupMs,
    pin: options.pin ?? true,
    ...(scenarios.includes('race') ? { race: true } : {}),
    ...(scenarios.includes('faults') ? { faults: true } : {}),
    ...(scenarios.includes('faults') && withReferences && (options.suite === 'full' || (options.style ?? []).some(isReferenceName)) ? { liveFaultReferences: true } : {}),
    ...(scenarios.includes('scale') ? { scale: { units: options.units ?? (quick ? QUICK.units : SCALE_UNITS) } } : {}),
  };
}

/**
 * Whether these options ask for what `npm run bench` runs: the same plan as no options at all. Only a complete run
 * of it may replace reports/latest.md, so that latest always means the full default suite, never a smoke run.
 */
export function isDefaultSuite(options: RunOptions): boolean {
  return JSON.stringify(buildPlan(options)) === JSON.stringify(buildPlan({}));
}

/**
 * Open loop and load patterns are the native echo load generator's alone; a run that asks for them where only the
 * Node one can run stops before measuring anything, saying why, rather than measure something else
 * (echo-generator.ts refuses them too).
 */
export function requireNativeGenerator(plan: RunPlan, generator: EchoGeneratorInfo): void {
  if (generator.kind === 'native') return;
  const echo = plan.groups.flatMap((g) => (g.scenario === 'echo' ? [g.params] : []));
  if (echo.some((p) => p.openLoopRate !== undefined)) throw new UsageError(`--rate (open loop) needs the native echo load generator, and this run would use the ${generator.detail}`);
  if (echo.some((p) => p.loadPattern !== undefined)) throw new UsageError(`--load-pattern needs the native echo load generator, and this run would use the ${generator.detail}`);
}

/** Sets the cpu groups' work per request to what takes `workMs` on this machine, measured now, once for every row. */
export function calibrateCpuWork(plan: RunPlan): void {
  const cpuGroups = plan.groups.filter((g) => g.scenario === 'cpu');
  if (cpuGroups.length === 0) return;
  const iterations = calibrateIterations(cpuGroups[0]!.params.workMs);
  for (const g of cpuGroups) g.params.iterations = iterations;
}

function dedupe<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function dedupeBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(key(item)) && seen.add(key(item)));
}
