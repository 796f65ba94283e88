/**
 * The race step of a run (`--scenario race`, and the default suite): each style's own process (the style host, through
 * the contract's raceCounter) counts the updates lost when workers share a counter across a switch point, at
 * RACE_DEFAULTS, once without the style's lock and once with it (scenarios/race.ts). The outcome is deterministic
 * given the style's scheduler, so each is asked once. A style that has not written raceCounter yet, or whose adapter
 * does not exist, gets a row saying so; one that crashes, hangs or answers nonsense gets a row saying that. Called by
 * the run command after the scenario groups.
 */
import { isStyleName, type RaceOutcome, type StyleName } from '../impls/contract.ts';
import { isStyleAvailable } from '../impls/registry.ts';
import { RACE_DEFAULTS } from '../scenarios/race.ts';
import { AgentProcess } from './agents/process.ts';
import { failureOf } from './group-run.ts';
import type { StyleInfo } from './results.ts';
import type { ProgressEvent } from './runner.ts';
import { runsScenario, type SystemName } from './systems.ts';

export type RaceRow =
  | { style: StyleName; state: 'measured'; unlocked: RaceOutcome; locked: RaceOutcome }
  /** unavailable: the style has no raceCounter (or no adapter) yet; the others: what went wrong, as for a cell. */
  | { style: StyleName; state: 'unavailable' | 'crashed' | 'timeout' | 'errored' | 'invalid' | 'aborted'; message: string; stderrTail?: string };

export interface RaceResult {
  params: { workers: number; increments: number };
  rows: RaceRow[];
}

export interface RaceStepOptions {
  /** The run's systems: the styles among them get a row (references have no race). */
  systems: readonly SystemName[];
  tasksetPath?: string;
  /** The core the style under test is pinned to, as for the scenario groups. */
  core?: number;
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  /** Test hook: a style's driver module instead of impls/<style>/adapter.ts. */
  driverOverrides?: Partial<Record<StyleName, string>>;
  deadlineMs?: number;
}

const DEFAULT_DEADLINE_MS = 30_000;

/** The updates a race outcome lost. */
export const lostUpdates = (o: RaceOutcome): number => o.expected - o.final;

export async function runRaceStep(options: RaceStepOptions): Promise<RaceResult> {
  const styles = options.systems.filter((s): s is StyleName => isStyleName(s) && runsScenario(s, 'race'));
  options.onProgress?.({ kind: 'more-steps', count: styles.length });
  const rows: RaceRow[] = [];
  for (const style of styles) {
    options.onProgress?.({ kind: 'step', label: `race · ${style}` });
    if (options.signal?.aborted) rows.push({ style, state: 'aborted', message: 'the run was interrupted before this style\'s race' });
    else rows.push(await raceRow(style, options));
  }
  return { params: { ...RACE_DEFAULTS }, rows };
}

async function raceRow(style: StyleName, options: RaceStepOptions): Promise<RaceRow> {
  const override = options.driverOverrides?.[style];
  if (!override && !isStyleAvailable(style)) return { style, state: 'unavailable', message: `impls/${style}/adapter.ts does not exist yet` };
  const deadline = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  let host: AgentProcess | undefined;
  try {
    host = await AgentProcess.start(
      { entry: 'style-host.ts', args: override ? [style, override] : [style], label: `${style} style host (race)`, startTimeoutMs: deadline, ...(options.core !== undefined ? { core: options.core } : {}) },
      options.tasksetPath,
    );
    options.onProgress?.({ kind: 'spawned', label: host.label, pid: host.pid });
    const info = await host.request<StyleInfo>('describe', undefined, deadline);
    if (info.capabilities?.race !== true) return { style, state: 'unavailable', message: `the ${style} style has no raceCounter yet` };
    const ask = async (lock: boolean): Promise<RaceOutcome> => checked(await host!.request<RaceOutcome>('race', { ...RACE_DEFAULTS, lock }, deadline), lock);
    const unlocked = await ask(false);
    const locked = await ask(true);
    return { style, state: 'measured', unlocked, locked };
  } catch (err) {
    const { state, message } = err instanceof InvalidRace ? { state: 'invalid' as const, message: err.message } : failureOf(err);
    const stderrTail = (host?.stderr ?? (err as { stderrTail?: string }).stderrTail ?? '').trim();
    return { style, state: state === 'load-failed' ? 'errored' : state, message, ...(stderrTail ? { stderrTail } : {}) };
  } finally {
    await host?.stop();
  }
}

class InvalidRace extends Error {}

/** An outcome is held to what the scenario can give: the expected count, and a final count between 0 and it. */
function checked(outcome: RaceOutcome, lock: boolean): RaceOutcome {
  const expected = RACE_DEFAULTS.workers * RACE_DEFAULTS.increments;
  const ok = typeof outcome === 'object' && outcome !== null && outcome.expected === expected && Number.isInteger(outcome.final) && outcome.final >= 0 && outcome.final <= expected;
  if (!ok) throw new InvalidRace(`raceCounter (${lock ? 'with' : 'without'} the lock) answered ${JSON.stringify(outcome)}; expected ${expected} and a final count from 0 to ${expected}`);
  return { expected: outcome.expected, final: outcome.final };
}
