/**
 * The fault classifier on fixture children that really crash, hang, log, leak, raise and run dry, through the same
 * agent, target server and watchdog as the matrix.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ABORT_GRACE_MS, requestsAt } from './classify.ts';
import { runFaultMatrix, type FaultMatrixRow } from './matrix.ts';
import { pythonSystem, styleSystem } from './systems.ts';

const FIXTURE = fileURLToPath(new URL('../../test/fixtures/faults/driver.ts', import.meta.url));
const PY_FIXTURE = fileURLToPath(new URL('../../test/fixtures/faults/fixture_cases.py', import.meta.url));
const PYTHON = process.env.TESTBED_PYTHON ?? '/usr/bin/python3';
/** The hang fixture's row lasts this long from its hello; the others must end well before it, linger included. The deadline runs from the hello, so a slow start on a loaded machine does not eat into it. */
const ROW_DEADLINE_MS = 3000;

describe('fault classifier on misbehaving children', () => {
  const rows = new Map<string, FaultMatrixRow>();
  beforeAll(async () => {
    const result = await runFaultMatrix({ systems: [styleSystem('raw', FIXTURE)], cases: ['http-500'], parallel: 6, deadlineMs: ROW_DEADLINE_MS, echoAttack: false });
    expect(result.failedSystems).toEqual([]);
    for (const r of result.rows) rows.set(r.idiom, r);
  }, 30_000);
  const row = (idiom: string) => rows.get(idiom)!.row;

  it('sees a crash: process dead, its trace logged, the caller never reached', () => {
    expect(row('crash')).toMatchObject({ processAlive: false, exitCode: 1, callerHung: false, surfaced: 'none', logged: true });
    expect(row('crash').logSummary).toContain('traceback HandlerError');
    expect(row('crash').errors).toEqual({ injected: 1, reachedCaller: 0, onlyLogged: 1, vanished: 0 });
    expect(row('crash').notes.join()).toMatch(/died \(exit code 1\) before the caller regained control/);
  });

  it('sees a hang: the watchdog ends it, the caller is hung, the process did not crash', () => {
    expect(row('hang')).toMatchObject({ processAlive: true, callerHung: true, surfaced: 'none', logged: false, detectMs: null });
    expect(row('hang').errors.vanished).toBe(1);
  });

  it('sees an error that is only logged', () => {
    expect(row('log')).toMatchObject({ surfaced: 'none', logged: true, processAlive: true, siblingsCompleted: 4, finallyRan: 5 }); // child 0 is the faulty one
    expect(row('log').errors).toEqual({ injected: 1, reachedCaller: 0, onlyLogged: 1, vanished: 0 });
    expect(row('log').detectMs).toBeGreaterThanOrEqual(0);
  });

  it('sees a leak: a child still running, confirmed by a request still open at the server, and the handle it holds', () => {
    expect(row('leak').leaked).toMatchObject({ children: 1, requestsOpen: 1 });
    expect(row('leak').leaked.handles).toContain('TCPSocketWrap');
  });

  it('sees an error raised at the caller, a group by its members, and how long it took to arrive', () => {
    expect(row('raise')).toMatchObject({ surfaced: 'raised', form: ['AggregateError(HandlerError, Error)'], kinds: ['group(handler-error, refused)'] });
    expect(row('raise').errors).toEqual({ injected: 1, reachedCaller: 1, onlyLogged: 0, vanished: 0 });
    expect(row('raise').detectMs).toBeGreaterThanOrEqual(25);
  });

  it('sees a process whose loop ran dry before the case ended', () => {
    expect(row('exit-early')).toMatchObject({ processAlive: false, callerHung: false });
    expect(row('exit-early').notes.join()).toMatch(/exit code 13|nothing kept its loop alive/);
  });
});

describe('fault classifier on a request still running when the scope ended', () => {
  it('counts it as open at the server, though it finished 100 ms later', async () => {
    const result = await runFaultMatrix({ systems: [styleSystem('raw', FIXTURE)], cases: ['timeout'], deadlineMs: 5000 });
    const row = result.rows[0]!.row;
    expect(row.siblingsCompleted).toBe(1); // it did finish, during the linger
    expect(row.leaked).toMatchObject({ children: 1, requestsOpen: 1 });
  }, 20_000);
});

describe.skipIf(!existsSync(PYTHON))('fault classifier on a Python child and a TypeScript child that behave alike', () => {
  const ts = new Map<string, FaultMatrixRow>();
  const py = new Map<string, FaultMatrixRow>();
  beforeAll(async () => {
    const result = await runFaultMatrix({
      systems: [styleSystem('raw', FIXTURE), pythonSystem('py-fixture', 'fixture', PYTHON, PY_FIXTURE)],
      cases: ['http-500'],
      parallel: 6,
      deadlineMs: ROW_DEADLINE_MS,
      echoAttack: false,
    });
    expect(result.failedSystems).toEqual([]);
    for (const r of result.rows) (r.system === 'raw' ? ts : py).set(r.idiom, r);
  }, 30_000);

  it.each(['crash', 'hang', 'log', 'leak', 'raise'])('gives %s the same categories', (idiom) => {
    const pick = (r: FaultMatrixRow) => {
      const { surfaced, kinds, logged, processAlive, callerHung, siblingsCompleted, siblingsCancelled, finallyRan, errors } = r.row;
      return { surfaced, kinds, logged, processAlive, callerHung, siblingsCompleted, siblingsCancelled, finallyRan, errors, leaked: [r.row.leaked.children, r.row.leaked.requestsOpen] };
    };
    expect(py.get(idiom)?.row.unsupported).toBeUndefined();
    expect(pick(py.get(idiom)!)).toEqual(pick(ts.get(idiom)!));
  });
});

describe('the row\'s requests as they stood when its scope ended', () => {
  const T = 1_000_000;
  const at = (child: number, startedAt: number, endedAt?: number, how?: 'completed' | 'aborted' | 'reset') => ({ child, startedAt, ...(endedAt !== undefined ? { endedAt, how } : {}) });
  const record = (requests: ReturnType<typeof at>[]) => ({ started: requests.length, completed: 0, aborted: 0, reset: 0, open: 0, requests });

  it('counts a sibling abandoned before the scope ended, even when the server saw it a little after, as cancelled', () => {
    expect(requestsAt(record([at(1, T - 50, T - 10, 'aborted'), at(2, T - 50, T + ABORT_GRACE_MS - 1, 'aborted')]), T, [0])).toEqual({ siblingsCancelled: 2, open: 0 });
  });

  it('leaves the faulty child\'s own abandoned request out of the siblings', () => {
    expect(requestsAt(record([at(0, T - 300, T - 1, 'aborted'), at(1, T - 300, T - 100, 'completed')]), T, [0])).toEqual({ siblingsCancelled: 0, open: 0 });
  });

  it('counts as open what completed after the scope ended, or was abandoned only when the process exited', () => {
    expect(requestsAt(record([at(1, T - 50, T + 100, 'completed'), at(2, T - 50, T + 900, 'aborted'), at(3, T - 50)]), T, [0])).toEqual({ siblingsCancelled: 0, open: 3 });
  });
});
