/**
 * Runs the scale measurements: for each style asked, each kind of unit it has (./kinds.ts), one child process
 * (./child.ts) each, one after another, each bounded in time. A child that fails becomes a failure row with its last
 * words; the others go on. Callers: the run command (`--scenario scale`) and `testbed scale`.
 */
import { execa } from 'execa';
import { fileURLToPath } from 'node:url';
import type { StyleName } from '../../impls/contract.ts';
import { UNIT_KINDS } from './kinds.ts';
import type { ScaleFailure, ScaleResult, ScaleRow } from './types.ts';
import type { UnitKind } from './unit.ts';

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));

export interface ScaleOptions {
  units: number;
  /** The styles to measure, in order; default: every style with kinds. */
  systems?: readonly StyleName[];
  /** Pin each child to core 1, as a style under test is pinned. */
  tasksetPath?: string;
  /** Stop before the next measurement (an interrupt: the one under way finishes, as a trial does). */
  signal?: AbortSignal;
  /** Stop now: the measurement under way is killed and dropped (SIGTERM, a second Ctrl-C). */
  halt?: AbortSignal;
  onStep?: (label: string) => void;
}

/** The kinds a run of `systems` measures, in order: what a progress bar counts. */
export function scaleKinds(systems?: readonly StyleName[]): UnitKind[] {
  return systems ? systems.flatMap((s) => UNIT_KINDS.filter((k) => k.system === s)) : [...UNIT_KINDS];
}

/** Generous: 100,000 units take a few seconds; a child past this is stuck, and killed. */
function deadlineMs(units: number): number {
  return 60_000 + units * 1;
}

/** The measurement was stopped by `halt`: not a failure of the style, and no row. */
class Halted extends Error {}

async function measure(kind: UnitKind, units: number, tasksetPath: string | undefined, halt: AbortSignal | undefined): Promise<ScaleRow> {
  const node = [process.execPath, '--expose-gc', '--import', 'tsx', CHILD, kind.kind, String(units)];
  const [file, ...args] = tasksetPath ? [tasksetPath, '-c', '1', ...node] : node;
  // A process group of its own, as every agent (harness/agents/process.ts): a Ctrl-C reaches the testbed only, which
  // lets the measurement under way finish; a halt kills it. The child also leaves by itself if this process dies.
  const r = await execa(file!, args, { reject: false, timeout: deadlineMs(units), stdin: 'ignore', detached: true, ...(halt ? { cancelSignal: halt } : {}), forceKillAfterDelay: 1000 });
  if (r.isCanceled) throw new Halted();
  if (r.timedOut) throw new Error(`did not finish within ${deadlineMs(units)} ms and was killed`);
  if (r.exitCode !== 0) throw new Error(`${r.signal ? `killed by ${r.signal}` : `exited with ${r.exitCode}`}: ${String(r.stderr).trim().split('\n').slice(-5).join(' | ')}`);
  const line = String(r.stdout).trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as ScaleRow;
  } catch {
    throw new Error(`printed something other than its JSON row: ${line.slice(0, 200)}`);
  }
}

export async function runScale(options: ScaleOptions): Promise<ScaleResult> {
  const rows: ScaleRow[] = [];
  const failures: ScaleFailure[] = [];
  for (const kind of scaleKinds(options.systems)) {
    if (options.signal?.aborted || options.halt?.aborted) break;
    options.onStep?.(`scale · ${kind.system} · ${options.units.toLocaleString('en-US')} × ${kind.unit}`);
    try {
      rows.push(await measure(kind, options.units, options.tasksetPath, options.halt));
    } catch (err) {
      if (err instanceof Halted) break;
      failures.push({ system: kind.system, kind: kind.kind, unit: kind.unit, message: (err as Error).message });
    }
  }
  return { units: options.units, rows, failures };
}
