/**
 * The real Python systems the styles' fault rows are held to, and their committed outcomes,
 * scenarios/faults.reference.json: per system, case and idiom, the comparable categories (compare.ts) of the real
 * system's row, with the version and date it was taken on and what it logged. `npm run faults:reference` writes it
 * (harness/faults/reference-cli.ts); tests read it, so a style is checked against real behaviour without Python.
 *
 * - py-tornado: Tornado 6.2 (Debian's python3), callbacks on fetch's Future; Tornado 6 has no fetch(url, callback).
 * - py-tornado5: Tornado 5.1.1, the release the callback style imitates, with fetch(url, callback), on Python 3.7
 *   (conformance/lib/pins.ts: TESTBED_TORNADO5_SRC, TESTBED_TORNADO5_PYTHON).
 * - py-gevent: gevent 22.10 with urllib under monkey.patch_all (Debian's python3).
 * - py-asyncio: asyncio of CPython 3.11 with aiohttp 3.8 (Debian's python3; the conformance suite's asyncio pin is
 *   3.12, which has no aiohttp here).
 * TESTBED_PYTHON overrides Debian's python3.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FAULT_CASE_IDS, type FaultCaseId, type StyleName } from '../../impls/contract.ts';
import { PINS } from '../../conformance/lib/pins.ts';
import type { ComparableRow } from './compare.ts';
import type { FaultSystem } from './matrix.ts';
import { pythonSystem } from './systems.ts';

export const REFERENCE_FILE = fileURLToPath(new URL('../../scenarios/faults.reference.json', import.meta.url));

export interface ReferenceSystem {
  name: string;
  /** impls/reference/faults/<module>_cases.py */
  module: string;
  /** The style whose rows it is the reference for. */
  style: StyleName;
  /** The idioms the module must write each case in. */
  idioms(caseId: FaultCaseId): readonly string[];
  /** The interpreter and environment to run it with, or why it cannot be had here. */
  resolve(env: NodeJS.ProcessEnv): { python: string; env: Record<string, string> } | { missing: string };
}

function debianPython(env: NodeJS.ProcessEnv): { python: string; env: Record<string, string> } | { missing: string } {
  const python = env.TESTBED_PYTHON ?? '/usr/bin/python3';
  return existsSync(python) ? { python, env: {} } : { missing: `${python} does not exist (npm run references:install, or set TESTBED_PYTHON)` };
}

const TORNADO_IDIOMS = ['checks-error', 'forgets-check'] as const;
const GEVENT_IDIOMS = ['joinall', 'get'] as const;
const GEVENT_CANCEL_IDIOMS = ['kill', 'killall-finally'] as const;
const ASYNCIO_IDIOMS = ['gather', 'gather-rx', 'taskgroup'] as const;
const ASYNCIO_CANCEL_IDIOMS = [...ASYNCIO_IDIOMS, 'await-each', 'wait'] as const;

export const REFERENCE_SYSTEMS: readonly ReferenceSystem[] = [
  { name: 'py-tornado', module: 'tornado', style: 'callback', idioms: () => TORNADO_IDIOMS, resolve: debianPython },
  { name: 'py-tornado5', module: 'tornado5', style: 'callback', idioms: () => TORNADO_IDIOMS, resolve: (env) => PINS.callback.resolve(env) },
  { name: 'py-gevent', module: 'gevent', style: 'fiber', idioms: (c) => (c === 'cancel-parent' ? GEVENT_CANCEL_IDIOMS : GEVENT_IDIOMS), resolve: debianPython },
  { name: 'py-asyncio', module: 'asyncio', style: 'async', idioms: (c) => (c === 'cancel-parent' ? ASYNCIO_CANCEL_IDIOMS : ASYNCIO_IDIOMS), resolve: debianPython },
];

/**
 * The reference each style's fault rows are held to: the release each imitates (callback: Tornado 5.1.1, whose
 * fetch(url, callback) it copies, not Tornado 6.2, which lost it).
 */
export const FAULT_NAMESAKE: Partial<Record<StyleName, string>> = { callback: 'py-tornado5', fiber: 'py-gevent', async: 'py-asyncio' };

export function referenceSystem(name: string): ReferenceSystem {
  const found = REFERENCE_SYSTEMS.find((s) => s.name === name);
  if (!found) throw new Error(`unknown reference system '${name}'; they are ${REFERENCE_SYSTEMS.map((s) => s.name).join(', ')}`);
  return found;
}

/** The matrix system for a reference, or why it cannot run here. */
export function referenceFaultSystem(ref: ReferenceSystem, env: NodeJS.ProcessEnv = process.env): FaultSystem | { missing: string } {
  const where = ref.resolve(env);
  if ('missing' in where) return where;
  return pythonSystem(ref.name, ref.module, where.python, undefined, where.env);
}

/** Every case × idiom a reference module must have. */
export function expectedIdioms(ref: ReferenceSystem): Record<FaultCaseId, string[]> {
  return Object.fromEntries(FAULT_CASE_IDS.map((c) => [c, [...ref.idioms(c)]])) as Record<FaultCaseId, string[]>;
}

export interface ReferenceRow {
  comparable: ComparableRow;
  /** The system's version as its module reported it, and the day the row was taken. */
  version: string;
  date: string;
  logSummary: string[];
  notes: string[];
}

export interface ReferenceMatrix {
  comment: string;
  systems: Record<string, { note?: string; rows: Partial<Record<FaultCaseId, Record<string, ReferenceRow>>> }>;
}

export function loadReferenceMatrix(file = REFERENCE_FILE): ReferenceMatrix {
  if (!existsSync(file)) return { comment: '', systems: {} };
  return JSON.parse(readFileSync(file, 'utf8')) as ReferenceMatrix;
}

/** The committed reference row for a system's case and idiom, if there is one. */
export function referenceRow(matrix: ReferenceMatrix, system: string, caseId: FaultCaseId, idiom: string): ReferenceRow | undefined {
  return matrix.systems[system]?.rows[caseId]?.[idiom];
}

/** A row's comparable categories on one line. */
export function describeRow(system: string, caseId: string, idiom: string, c: ComparableRow): string {
  return [
    `${system} ${caseId} ${idiom}:`,
    `surfaced=${c.surfaced}${c.kinds ? ` [${c.kinds}]` : ''}`,
    `logged=${c.logged ? 'yes' : 'no'}`,
    `process=${c.processAlive ? 'alive' : 'dead'}`,
    `caller=${c.callerHung ? 'HUNG' : 'back'}`,
    `siblings=${c.siblingsCompleted} completed/${c.siblingsCancelled} cancelled`,
    `finally=${c.finallyRan}`,
    `leaks=${c.leakedChildren} children/${c.requestsOpen} requests`,
    `errors=${c.reachedCaller} reached/${c.onlyLogged} logged/${c.vanished} vanished`,
  ].join(' ');
}
