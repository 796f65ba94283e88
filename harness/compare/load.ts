/**
 * Reads a RunReport JSON file for comparison and checks it is one: a missing file, a file that is not JSON, another
 * tool's JSON or another schema each get a sentence naming the file and the problem, never a stack trace.
 */
import { readFile } from 'node:fs/promises';
import type { RunReport } from '../results.ts';

/** Report schemas this version reads. */
export const SUPPORTED_SCHEMAS: readonly number[] = [1, 2];

export class ReportInputError extends Error {
  override name = 'ReportInputError';
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The first place where `data` is not shaped like a RunReport, or undefined if it is (as far as comparing needs). */
function shapeProblem(data: Record<string, unknown>): string | undefined {
  if (!Array.isArray(data.groups)) return 'it has no "groups" list';
  for (const [gi, group] of data.groups.entries()) {
    const at = `groups[${gi}]`;
    if (!isObject(group) || typeof group.id !== 'string' || !isObject(group.setup) || !Array.isArray(group.cells)) return `${at} is not a scenario group (id, setup, cells)`;
    for (const [ci, cell] of group.cells.entries()) {
      const cat = `${at}.cells[${ci}]`;
      if (!isObject(cell) || typeof cell.style !== 'string' || typeof cell.state !== 'string' || !Array.isArray(cell.trials)) return `${cat} is not a cell (style, state, trials)`;
      for (const [ti, trial] of cell.trials.entries()) {
        if (!isObject(trial) || typeof trial.opsPerSec !== 'number' || !isObject(trial.latency) || !isObject(trial.process)) return `${cat}.trials[${ti}] is not a trial (opsPerSec, latency, process)`;
      }
    }
  }
  return undefined;
}

export function parseRunReport(text: string, name: string): RunReport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ReportInputError(`${name} is not JSON (${(err as Error).message})`);
  }
  if (!isObject(data) || !isObject(data.meta) || data.meta.tool !== 'concurrency-testbed') {
    throw new ReportInputError(`${name} is not a concurrency-testbed report (the JSON that testbed run writes beside its markdown, with meta.tool "concurrency-testbed")`);
  }
  const schema = data.meta.schema;
  if (typeof schema !== 'number' || !SUPPORTED_SCHEMAS.includes(schema)) {
    throw new ReportInputError(`${name} is a report of schema ${JSON.stringify(schema)}; this testbed reads schema ${SUPPORTED_SCHEMAS.join(', ')}`);
  }
  const problem = shapeProblem(data);
  if (problem) throw new ReportInputError(`${name} is not a complete testbed report: ${problem}`);
  return data as unknown as RunReport;
}

export async function loadRunReport(file: string): Promise<RunReport> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new ReportInputError(`cannot read ${file}: ${why}`);
  }
  return parseRunReport(text, file);
}
