/**
 * Finding and running conformance cases. A case is a pair of scripts, `<style>/<name>.py` (the real system) and
 * `<style>/<name>.ts` (the style), that perform the same steps and print the same transcript. `<name>.golden` is the
 * Python side's normalised transcript, committed, so the TypeScript side is checked without Python. When a style
 * keeps a difference on purpose, `<name>.departure` holds the transcript the style must give instead; its first line
 * is `# departure: <anchor>`, an anchor of docs/departures.md that says why.
 */
import { execa } from 'execa';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalizeTranscript } from './normalize.ts';
import { PINS, type ConformanceStyle } from './pins.ts';

export const CONFORMANCE_ROOT = fileURLToPath(new URL('..', import.meta.url));
const CASE_TIMEOUT_MS = 30_000;

export interface ConformanceCase {
  style: ConformanceStyle;
  name: string;
  ts: string;
  py: string;
  golden: string;
  departure: string;
}

export function listCases(style: ConformanceStyle): ConformanceCase[] {
  const dir = path.join(CONFORMANCE_ROOT, style);
  if (!existsSync(dir)) return [];
  const names = new Set(readdirSync(dir).filter((f) => /\.(ts|py)$/.test(f) && !f.endsWith('.test.ts')).map((f) => f.replace(/\.(ts|py)$/, '')));
  return [...names].sort().map((name) => {
    const base = path.join(dir, name);
    return { style, name, ts: `${base}.ts`, py: `${base}.py`, golden: `${base}.golden`, departure: `${base}.departure` };
  });
}

export interface SideRun {
  /** The normalised transcript. */
  transcript: string;
  raw: string;
  /** What reached the real stderr: only a broken case writes there. */
  stderr: string;
  exitCode: number | undefined;
  timedOut: boolean;
}

async function runSide(file: string, args: string[], env: Record<string, string>): Promise<SideRun> {
  const result = await execa(file, args, { reject: false, timeout: CASE_TIMEOUT_MS, env: { ...env, PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' }, stdin: 'ignore' });
  const raw = result.stdout;
  return { transcript: normalizeTranscript(raw), raw, stderr: result.stderr, exitCode: result.exitCode, timedOut: result.timedOut };
}

export function runTypeScript(c: ConformanceCase): Promise<SideRun> {
  return runSide(process.execPath, ['--import', 'tsx', c.ts], {});
}

export async function runPython(c: ConformanceCase, env: NodeJS.ProcessEnv = process.env): Promise<SideRun> {
  const where = PINS[c.style].resolve(env);
  if ('missing' in where) throw new Error(`${PINS[c.style].system}: ${where.missing}`);
  return runSide(where.python, [c.py], where.env);
}

/** The interpreter for a style's Python side, proven to be the pinned version; throws with the reason otherwise. */
export async function checkPin(style: ConformanceStyle, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const pin = PINS[style];
  const where = pin.resolve(env);
  if ('missing' in where) throw new Error(`${pin.system}: ${where.missing}`);
  const r = await execa(where.python, ['-c', pin.check], { reject: false, env: where.env });
  if (r.exitCode !== 0) throw new Error(`${pin.system} is not what ${where.python} imports: ${(r.stderr || r.stdout).trim()}`);
  const version = await execa(where.python, ['-c', 'import sys; print(sys.version.split()[0])'], { env: where.env });
  return `${pin.system} (${where.python}, Python ${version.stdout.trim()})`;
}

/** What the style's side must print: the departure's transcript where one is kept, else the golden. */
export function expectedTranscript(c: ConformanceCase): { transcript: string; departure?: string } | undefined {
  if (existsSync(c.departure)) {
    const text = readFileSync(c.departure, 'utf8');
    const anchor = /^# departure: (\S+)/.exec(text)?.[1];
    return { transcript: normalizeTranscript(text), departure: anchor ?? '(missing anchor)' };
  }
  if (existsSync(c.golden)) return { transcript: normalizeTranscript(readFileSync(c.golden, 'utf8')) };
  return undefined;
}
