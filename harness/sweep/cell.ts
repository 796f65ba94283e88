/**
 * Readies one cell of a sweep level before its warm-up: the host must be able to hold the level's connections (its
 * RLIMIT_NOFILE checked, and raised if it can be), and its memory idle is read, to set the level's against. Called
 * by the runner right after the cell's server started (or, for url-fetch, its host), before any load.
 */
import { CellFailure } from '../group-run.ts';
import type { CellHost } from '../cell-host.ts';
import { ensureFdLimit, FD_MARGIN, type FdLimitAccess } from './fd-limit.ts';
import { idleMemory, type IdleMemory } from './memory.ts';
import type { SweepLevel } from './types.ts';

/** Throws CellFailure('unavailable') saying why when the host cannot serve the level. */
export function checkHostFdLimit(host: CellHost, sweep: SweepLevel, access?: FdLimitAccess): void {
  if (host.pid === undefined) return;
  const what = sweep.kind === 'echo' ? `${sweep.level.toLocaleString('en-US')} connections` : `${sweep.level.toLocaleString('en-US')} requests in flight`;
  const verdict = ensureFdLimit(host.pid, sweep.level + FD_MARGIN, `${host.label}`, access);
  if (!verdict.ok) throw new CellFailure('unavailable', `could not serve ${what}: ${verdict.message}`);
}

export async function prepareSweepCell(host: CellHost, sweep: SweepLevel, timeoutMs: number): Promise<IdleMemory> {
  checkHostFdLimit(host, sweep);
  return idleMemory(host, timeoutMs);
}
