/**
 * `testbed compare A.json B.json [--as before,after] [--fail-on-regression PCT] [--out FILE]`: two runs' JSON reports
 * compared figure by figure (harness/compare/). Prints a plain-text table; --out also writes it as markdown.
 * Exit codes: 0 compared (and no regression past the gate), 1 a significant regression past --fail-on-regression,
 * 2 bad input (a file missing or not a testbed report, a malformed option), with a message saying which and why.
 * The CLI (cli.ts) registers it; tests call it directly.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { compareRuns } from './compare/compare.ts';
import { loadRunReport, ReportInputError } from './compare/load.ts';
import { renderComparisonMarkdown, renderComparisonText } from './compare/render.ts';

/** As commander hands them over: the two files, and each option's raw text. */
export interface CompareCommandOptions {
  files: string[];
  as?: string;
  failOnRegression?: string | number;
  out?: string;
}

export interface CompareIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

class UsageProblem extends Error {}

function parseNames(as: string | undefined, files: [string, string]): [string, string] {
  if (as === undefined) {
    const [a, b] = files.map((f) => path.basename(f).replace(/\.json$/i, ''));
    return a !== b ? [a!, b!] : ['A', 'B'];
  }
  const parts = as.split(',').map((s) => s.trim());
  if (parts.length !== 2 || parts.some((p) => p === '')) throw new UsageProblem(`--as takes two names separated by a comma, e.g. --as before,after (got "${as}")`);
  if (parts[0] === parts[1]) throw new UsageProblem(`--as needs two different names (got "${as}")`);
  return [parts[0]!, parts[1]!];
}

function parsePercent(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim().replace(/%$/, '');
  const pct = Number(text);
  if (text === '' || !Number.isFinite(pct) || pct < 0 || pct >= 1000) {
    throw new UsageProblem(`--fail-on-regression takes a percentage from 0 to 1000, e.g. 5 or 5% (got "${value}")`);
  }
  return pct;
}

export async function compareCommand(options: CompareCommandOptions, io: CompareIo): Promise<number> {
  try {
    if (options.files.length !== 2) throw new UsageProblem(`compare takes exactly two report files, A.json and B.json (got ${options.files.length})`);
    const files = options.files as [string, string];
    const names = parseNames(options.as, files);
    const failOnRegressionPct = parsePercent(options.failOnRegression);
    // One after the other, so that with two bad files the message is always about the first.
    const a = await loadRunReport(files[0]);
    const b = await loadRunReport(files[1]);
    const comparison = compareRuns(a, b, { names, failOnRegressionPct });
    io.stdout(renderComparisonText(comparison));
    if (options.out) {
      try {
        await writeFile(options.out, renderComparisonMarkdown(comparison));
      } catch (err) {
        throw new UsageProblem(`cannot write ${options.out}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
      io.stderr(`comparison written to ${options.out}\n`);
    }
    return comparison.decision === 'fail' ? 1 : 0;
  } catch (err) {
    if (err instanceof UsageProblem || err instanceof ReportInputError) {
      io.stderr(`error: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
