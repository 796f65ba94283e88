/**
 * The fault matrix: every case × every idiom of every system asked for, each row in a child process of its own,
 * observed (row.ts) and classified (classify.ts). Rows run a few at a time, since they mostly wait on timers and the
 * target server; a case marked `alone` (its timing is the observation) runs with nothing beside it.
 */
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { FAULT_CASE_IDS, type FaultCaseId } from '../../impls/contract.ts';
import { FAULT_CASES, faultCase } from '../../scenarios/faults.ts';
import { startTargetServer, type RunningTarget } from '../target-server.ts';
import type { TagRecord } from '../target-stats.ts';
import { classifyRow, type FaultRow } from './classify.ts';
import { runEchoAttack, type EchoAttackRow } from './echo-attack.ts';
import type { CaseEvent } from './protocol.ts';
import { observeRow, type RowCommand } from './row.ts';

/** A system that can run fault rows: a TypeScript style, or a real Python system. */
export interface FaultSystem {
  name: string;
  kind: 'style' | 'reference';
  /** Its idioms per case (asked of the system's own process). */
  idioms(): Promise<Partial<Record<FaultCaseId, readonly string[]>>>;
  command(caseId: FaultCaseId, idiom: string, env: { baseUrl: string; refusedUrl: string; tag: string }): RowCommand;
  /** Its echo server alone in a process (prints {"event":"listening","port":N}), for `echo-client-vanishes`. */
  echoServer?(): RowCommand;
}

export interface FaultMatrixRow {
  system: string;
  systemKind: 'style' | 'reference';
  case: FaultCaseId;
  idiom: string;
  row: FaultRow;
  /** Everything the child reported, for the JSON and for later tools. */
  events: CaseEvent[];
  wallMs: number;
}

export interface FaultMatrixResult {
  rows: FaultMatrixRow[];
  /** `echo-client-vanishes`, one row per system with an echo server. */
  echoAttack: Array<{ system: string; systemKind: 'style' | 'reference'; row: EchoAttackRow }>;
  /** Systems that could not say which idioms they have (they crashed at start, say), with why. */
  failedSystems: Array<{ system: string; reason: string }>;
  interrupted: boolean;
}

export interface MatrixOptions {
  systems: FaultSystem[];
  cases?: readonly FaultCaseId[];
  /** Run `echo-client-vanishes` too (default: yes). */
  echoAttack?: boolean;
  /** Rows at once, besides `alone` cases. */
  parallel?: number;
  signal?: AbortSignal;
  onRow?: (row: FaultMatrixRow, done: number, total: number) => void;
  /** How many rows will run (the echo attack's included), once every system has listed its idioms. */
  onPlanned?: (rows: number) => void;
  /** A row (or an echo attack) is starting. */
  onStep?: (label: string) => void;
  /** Watchdog per row, and for `deadlock` (a hang is its expected outcome in two styles). */
  deadlineMs?: number;
  deadlockDeadlineMs?: number;
}

const FAULTY: Record<FaultCaseId, readonly number[]> = {
  baseline: [],
  'http-500': [0],
  refused: [0],
  'reset-mid-body': [0],
  timeout: [0],
  'handler-throws': [0],
  'two-fail': [0, 1],
  'unjoined-child-throws': [0],
  'cancel-parent': [],
  'blocking-timeout': [0],
  'completion-callback-throws': [0],
  deadlock: [0],
};

interface PlannedRow {
  system: FaultSystem;
  caseId: FaultCaseId;
  idiom: string;
}

export async function runFaultMatrix(options: MatrixOptions): Promise<FaultMatrixResult> {
  const cases = options.cases ?? FAULT_CASE_IDS;
  const failedSystems: FaultMatrixResult['failedSystems'] = [];
  const planned: PlannedRow[] = [];
  for (const system of options.systems) {
    let idioms: Partial<Record<FaultCaseId, readonly string[]>>;
    try {
      idioms = await system.idioms();
    } catch (err) {
      failedSystems.push({ system: system.name, reason: (err as Error).message });
      continue;
    }
    for (const caseId of cases) for (const idiom of idioms[caseId] ?? []) planned.push({ system, caseId, idiom });
  }
  options.onPlanned?.(planned.length + (options.echoAttack === false ? 0 : options.systems.filter((sys) => sys.echoServer && !failedSystems.some((f) => f.system === sys.name)).length));
  const target = await startTargetServer();
  const refusedUrl = `http://127.0.0.1:${await unusedPort()}`;
  const rows: FaultMatrixRow[] = [];
  try {
    const runOne = async (p: PlannedRow): Promise<void> => {
      options.onStep?.(`faults · ${p.caseId} · ${p.system.name} ${p.idiom}`);
      const row = await runPlannedRow(p, target, refusedUrl, options);
      rows.push(row);
      options.onRow?.(row, rows.length, planned.length);
    };
    const shared = planned.filter((p) => !faultCase(p.caseId).alone);
    // Rows mostly wait on timers and the target server: six at a time keeps two cores far from busy.
    await inParallel(shared, options.parallel ?? 6, runOne, options.signal);
    for (const p of planned.filter((p) => faultCase(p.caseId).alone)) {
      if (options.signal?.aborted) break;
      await runOne(p);
    }
  } finally {
    await target.close();
  }
  // Alone, after the rest: a thousand connections at once would disturb any row beside them.
  const echoAttack: FaultMatrixResult['echoAttack'] = [];
  for (const system of options.echoAttack === false ? [] : options.systems) {
    if (options.signal?.aborted || !system.echoServer || failedSystems.some((f) => f.system === system.name)) continue;
    options.onStep?.(`faults · echo-client-vanishes · ${system.name}`);
    echoAttack.push({ system: system.name, systemKind: system.kind, row: await runEchoAttack(system.echoServer()) });
  }
  const order = (r: FaultMatrixRow): string => `${FAULT_CASE_IDS.indexOf(r.case).toString().padStart(2, '0')} ${r.system} ${r.idiom}`;
  rows.sort((a, b) => (order(a) < order(b) ? -1 : 1));
  return { rows, echoAttack, failedSystems, interrupted: options.signal?.aborted ?? false };
}

async function runPlannedRow(p: PlannedRow, target: RunningTarget, refusedUrl: string, options: MatrixOptions): Promise<FaultMatrixRow> {
  const tag = `${p.system.name}.${p.caseId}.${p.idiom}.${randomUUID().slice(0, 8)}`;
  const counts = async (): Promise<TagRecord> => (await (await fetch(`${target.url}/stats/${encodeURIComponent(tag)}`)).json()) as TagRecord;
  // From the child's hello: every case's own timings end well within 3 s, linger included.
  const deadlineMs = p.caseId === 'deadlock' ? (options.deadlockDeadlineMs ?? 2500) : (options.deadlineMs ?? 5000);
  const obs = await observeRow(p.system.command(p.caseId, p.idiom, { baseUrl: target.url, refusedUrl, tag }), { deadlineMs, counts });
  const row = classifyRow(obs, { injected: faultCase(p.caseId).injected, faultyChildren: FAULTY[p.caseId] });
  return { system: p.system.name, systemKind: p.system.kind, case: p.caseId, idiom: p.idiom, row, events: obs.events, wallMs: Math.round(obs.wallMs) };
}

/** Runs `work` over `items`, at most `limit` at once, starting no new item once `signal` has fired. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>, signal?: AbortSignal): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length && !signal?.aborted) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/** A loopback port nothing listens on: bound and released, so the kernel refuses connections to it. */
function unusedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export { FAULT_CASES };
