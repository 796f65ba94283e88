import { describe, expect, it } from 'vitest';
import type { FaultRow } from '../faults/classify.ts';
import { comparable } from '../faults/compare.ts';
import type { FaultMatrixResult, FaultMatrixRow } from '../faults/matrix.ts';
import { renderFaults } from './faults.ts';

function row(patch: Partial<FaultRow>): FaultRow {
  return {
    surfaced: 'raised', form: ['HTTPError'], kinds: ['http-500'], logged: true, logSummary: ['traceback HTTPError', '<time> <Greenlet at 0x?: child(0)> failed with HTTPError'],
    processAlive: true, exitCode: 0, signal: undefined, callerHung: false, siblingsCompleted: 4, siblingsCancelled: 0, finallyRan: 5, childrenStarted: 5,
    leaked: { children: 0, requestsOpen: 0 }, detectMs: 3, errors: { injected: 1, reachedCaller: 1, onlyLogged: 0, vanished: 0 }, notes: [], ...patch,
  };
}

const m = (system: string, idiom: string, r: FaultRow, systemKind: 'style' | 'reference' = 'style'): FaultMatrixRow => ({ system, systemKind, case: 'http-500', idiom, row: r, events: [], wallMs: 300 });

describe('fault matrix report', () => {
  const result: FaultMatrixResult = {
    rows: [
      m('fiber', 'get', row({})),
      m('fiber', 'joinall', row({ surfaced: 'none', form: [], kinds: [], errors: { injected: 1, reachedCaller: 0, onlyLogged: 1, vanished: 0 } })),
      m('py-gevent', 'get', row({}), 'reference'),
      m('py-gevent', 'joinall', row({ surfaced: 'none', form: [], kinds: [], logged: false, errors: { injected: 1, reachedCaller: 0, onlyLogged: 0, vanished: 1 } }), 'reference'),
      m('async', 'gather', row({ processAlive: false, exitCode: 1, leaked: { children: 4, requestsOpen: 4 }, notes: ['the process died (exit code 1) after the caller regained control'] })),
    ],
    echoAttack: [{ system: 'fiber', systemKind: 'style', row: { processAlive: true, logged: false, logSummary: [], good: { clients: 10, servedDuringAttack: 10, messages: 5000, mismatches: 0, errors: 0 }, slowReader: { bytesBack: 1048576, correct: true, completed: true }, stallersConnected: 1000, leakedFds: 0, notes: [] } }],
    failedSystems: [{ system: 'callback', reason: 'could not list its fault idioms: boom' }],
    interrupted: false,
  };
  const refs = new Map(result.rows.filter((r) => r.systemKind === 'reference').map((r) => [r.idiom, comparable(r.row)]));
  const md = renderFaults(result, (system, _c, idiom) => (system === 'fiber' && refs.get(idiom) ? { name: 'py-gevent', outcome: refs.get(idiom)! } : undefined)).join('\n');

  it('gives each case a table with a line per system and idiom, references in italics', () => {
    expect(md).toContain('### one child gets HTTP 500 (`http-500`)');
    expect(md).toMatch(/\| fiber\s+\| get\s+\| raised: HTTPError/);
    expect(md).toMatch(/\| \*py-gevent\*\s+\| joinall/);
  });

  it('holds a style\'s line to its reference and says what differs', () => {
    expect(md).toMatch(/\| fiber\s+\| get .*\| match \(py-gevent\)/);
    expect(md).toMatch(/\| fiber\s+\| joinall .*\*\*differs\*\* from py-gevent: logged: true \(false\); onlyLogged: 1 \(0\); vanished: 0 \(1\)/);
  });

  it('summarises where each system\'s errors went, with crashes, leaks and fidelity', () => {
    const summary = md.split('\n').filter((l) => l.startsWith('| fiber') || l.startsWith('| async')).slice(0, 2);
    expect(summary[0]).toMatch(/\| fiber\s+\| 2\s+\| 2\s+\| 1\s+\| 1\s+\| 0\s+\| 0\s+\| 0\s+\| 0\s+\| 3\s+\| 1\/2 rows match/);
    expect(summary[1]).toMatch(/\| async\s+\| 1\s+\| 1\s+\| 1\s+\| 0\s+\| 0\s+\| 1\s+\| 0\s+\| 1\s+/);
    expect(md).toContain('**died** (exit 1)');
    expect(md).toContain('**4 children, 4 requests open**');
    expect(md).toContain('- async gather: the process died (exit code 1) after the caller regained control');
  });

  it('shows the echo attack and the systems that could not run', () => {
    expect(md).toMatch(/\| fiber\s+\| alive\s+\| 10\/10\s+\| 5000 \(0\)\s+\| all bytes, correct/);
    expect(md).toContain('- callback: no fault rows: could not list its fault idioms: boom');
  });
});
