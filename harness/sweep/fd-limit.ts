/**
 * RLIMIT_NOFILE of a process, read from /proc/<pid>/limits and raised with util-linux's prlimit(1): Node has no
 * setrlimit, and prlimit also reaches processes the testbed cannot change from inside (a Python reference). Linux
 * only. Callers: the run command (the testbed's own limit, which every child inherits) and the runner (each sweep
 * cell's host, before its level). The decision is ensureFdLimit's; reading and raising are injected for tests.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { FdLimitReport } from './types.ts';

export interface FdLimit {
  soft: number;
  hard: number;
}

/** Descriptors a process needs beside its connections: stdio, the IPC channel, epoll, module files, a listener. */
export const FD_MARGIN = 64;

/** The "Max open files" line of /proc/<pid>/limits; "unlimited" reads as Infinity. */
export function parseFdLimit(limits: string): FdLimit {
  const m = /^Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)\s+files/m.exec(limits);
  if (!m) throw new Error('no "Max open files" line in the limits');
  const n = (v: string): number => (v === 'unlimited' ? Infinity : Number(v));
  return { soft: n(m[1]!), hard: n(m[2]!) };
}

export function readFdLimit(pid: number): FdLimit {
  return parseFdLimit(readFileSync(`/proc/${pid}/limits`, 'utf8'));
}

/** Sets a process's limits with prlimit(1); throws with prlimit's own words when it cannot. */
export function setFdLimit(pid: number, limit: FdLimit): void {
  const v = (n: number): string => (n === Infinity ? 'unlimited' : String(n));
  try {
    execFileSync('prlimit', ['--pid', String(pid), `--nofile=${v(limit.soft)}:${v(limit.hard)}`], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 5000 });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: Buffer };
    throw new Error(e.code === 'ENOENT' ? 'prlimit (util-linux) is not installed' : (e.stderr?.toString().trim() || e.message));
  }
}

export interface FdLimitAccess {
  read(pid: number): FdLimit;
  set(pid: number, limit: FdLimit): void;
}

const SYSTEM: FdLimitAccess = { read: readFdLimit, set: setFdLimit };

export type FdVerdict =
  | { ok: true; limit: FdLimit; raisedFrom?: FdLimit }
  | { ok: false; limit: FdLimit; message: string };

/**
 * Makes sure `pid` may open `needed` descriptors: nothing to do when its soft limit allows it; else the soft limit
 * goes up to the hard one (any process may do that), and the hard one too if it is short (only root may). `who`
 * names the process in the message, which says what it could not serve and what to do about it.
 */
export function ensureFdLimit(pid: number, needed: number, who: string, access: FdLimitAccess = SYSTEM): FdVerdict {
  let limit: FdLimit;
  try {
    limit = access.read(pid);
  } catch (err) {
    return { ok: false, limit: { soft: 0, hard: 0 }, message: `${who}: cannot read its file-descriptor limit (${(err as Error).message})` };
  }
  if (limit.soft >= needed) return { ok: true, limit };
  const wanted = { soft: limit.hard >= needed ? limit.hard : needed, hard: Math.max(limit.hard, needed) };
  let why: string;
  try {
    access.set(pid, wanted);
    const now = access.read(pid);
    if (now.soft >= needed) return { ok: true, limit: now, raisedFrom: limit };
    why = `it reads ${now.soft} after raising`;
  } catch (err) {
    why = (err as Error).message;
  }
  return {
    ok: false,
    limit,
    message:
      `${who} may open ${limit.soft} files (RLIMIT_NOFILE soft ${limit.soft}, hard ${limit.hard}) and needs about ${needed}; ` +
      `raising it failed (${why}). Raise it before starting the testbed, e.g. \`ulimit -n ${needed}\` (raising the hard limit needs CAP_SYS_RESOURCE, as root has outside a container).`,
  };
}

/**
 * Before a run with sweep levels: raises the testbed's own limit to what its highest level needs, so that every
 * process it starts afterwards (style hosts, references, load generators, the target server) inherits enough. Node
 * raises its own soft limit to the hard one as it starts, so in practice it is the hard limit that can fall short,
 * and only a process allowed CAP_SYS_RESOURCE can raise that. The report says what was found, raised or could not
 * be; each host is checked again before its level.
 */
export function raiseOwnFdLimit(highestLevel: number, access: FdLimitAccess = SYSTEM): FdLimitReport {
  const needed = highestLevel + FD_MARGIN;
  const verdict = ensureFdLimit(process.pid, needed, 'the testbed', access);
  return {
    needed,
    soft: verdict.limit.soft,
    hard: verdict.limit.hard,
    ...(verdict.ok && verdict.raisedFrom ? { raisedFrom: verdict.raisedFrom.soft } : {}),
    ...(!verdict.ok ? { problem: verdict.message } : {}),
  };
}
