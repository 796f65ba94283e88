/** RLIMIT_NOFILE: reading it, raising it when a level needs more, and the message when it cannot be raised. */
import { describe, expect, it } from 'vitest';
import { CellFailure } from '../group-run.ts';
import type { CellHost } from '../cell-host.ts';
import { checkHostFdLimit } from './cell.ts';
import { ensureFdLimit, parseFdLimit, raiseOwnFdLimit, readFdLimit, type FdLimit, type FdLimitAccess } from './fd-limit.ts';

const LIMITS_FILE = `Limit                     Soft Limit           Hard Limit           Units
Max cpu time              unlimited            unlimited            seconds
Max open files            1024                 4096                 files
Max locked memory         8388608              8388608              bytes
`;

/** A process whose limit is `limit`; `set` obeys only up to `ceiling` for the hard limit (as a non-root user's). */
function fakeProcess(limit: FdLimit, ceiling = limit.hard): FdLimitAccess & { sets: FdLimit[] } {
  let current = { ...limit };
  const sets: FdLimit[] = [];
  return {
    sets,
    read: () => ({ ...current }),
    set: (_pid, wanted) => {
      sets.push(wanted);
      if (wanted.hard > ceiling) throw new Error('prlimit: failed to set the NOFILE resource limit: Operation not permitted');
      current = { ...wanted };
    },
  };
}

describe('file-descriptor limit', () => {
  it('reads "Max open files" from /proc/<pid>/limits, unlimited as Infinity', () => {
    expect(parseFdLimit(LIMITS_FILE)).toEqual({ soft: 1024, hard: 4096 });
    expect(parseFdLimit('Max open files            unlimited            unlimited            files\n')).toEqual({ soft: Infinity, hard: Infinity });
    expect(() => parseFdLimit('nothing here')).toThrow(/Max open files/);
    const own = readFdLimit(process.pid);
    expect(own.soft).toBeGreaterThan(0);
    expect(own.soft).toBeLessThanOrEqual(own.hard);
  });

  it('leaves a limit that is enough alone', () => {
    const p = fakeProcess({ soft: 20_000, hard: 20_000 });
    expect(ensureFdLimit(1, 10_064, 'the host', p)).toEqual({ ok: true, limit: { soft: 20_000, hard: 20_000 } });
    expect(p.sets).toEqual([]);
  });

  it('raises the soft limit to the hard one when that is enough, and says from what', () => {
    const p = fakeProcess({ soft: 1024, hard: 65_536 });
    expect(ensureFdLimit(1, 10_064, 'the host', p)).toEqual({ ok: true, limit: { soft: 65_536, hard: 65_536 }, raisedFrom: { soft: 1024, hard: 65_536 } });
  });

  it('raises the hard limit too where that is allowed (root)', () => {
    const p = fakeProcess({ soft: 1024, hard: 4096 }, Infinity);
    expect(ensureFdLimit(1, 10_064, 'the host', p)).toMatchObject({ ok: true, limit: { soft: 10_064, hard: 10_064 } });
  });

  it('says which process could not serve which level, the limits it had, why raising failed and what to do', () => {
    const verdict = ensureFdLimit(1, 10_064, 'fiber style host', fakeProcess({ soft: 1024, hard: 4096 }));
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.message).toBe(
      'fiber style host may open 1024 files (RLIMIT_NOFILE soft 1024, hard 4096) and needs about 10064; raising it failed ' +
        '(prlimit: failed to set the NOFILE resource limit: Operation not permitted). Raise it before starting the testbed, e.g. `ulimit -n 10064` (raising the hard limit needs CAP_SYS_RESOURCE, as root has outside a container).',
    );
  });

  it('turns a host that cannot serve its level into an unavailable cell whose message names the level', () => {
    const host = { label: 'fiber style host', pid: 1 } as CellHost;
    const sweep = { kind: 'echo' as const, size: 1024, level: 10_000 };
    let failure: unknown;
    try {
      checkHostFdLimit(host, sweep, fakeProcess({ soft: 1024, hard: 4096 }));
    } catch (err) {
      failure = err;
    }
    expect(failure).toBeInstanceOf(CellFailure);
    expect(failure).toMatchObject({ state: 'unavailable', message: expect.stringMatching(/^could not serve 10,000 connections: fiber style host may open 1024 files/) });
    expect(() => checkHostFdLimit(host, { ...sweep, kind: 'url-fetch', level: 100 }, fakeProcess({ soft: 1024, hard: 4096 }))).not.toThrow();
  });

  it('reports the testbed\'s own limit for the highest level: raised, or the problem', () => {
    expect(raiseOwnFdLimit(10_000, fakeProcess({ soft: 1024, hard: 65_536 }))).toEqual({ needed: 10_064, soft: 65_536, hard: 65_536, raisedFrom: 1024 });
    expect(raiseOwnFdLimit(10_000, fakeProcess({ soft: 1024, hard: 4096 }))).toMatchObject({ needed: 10_064, soft: 1024, hard: 4096, problem: expect.stringContaining('the testbed may open 1024 files') });
  });
});
