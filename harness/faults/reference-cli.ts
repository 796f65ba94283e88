/**
 * `npm run faults:reference [-- --system NAME] [--case ID] [--check | --show] [--parallel N]`
 *
 * Runs the real Python systems' fault rows (harness/faults/references.ts) and writes their comparable outcomes to
 * scenarios/faults.reference.json, replacing only the rows it ran (commit the file). `--check` writes nothing: it
 * compares the rows with the committed file and exits 1 on any difference, which is how to see that a reference is
 * stable (run it a few times) or that the installed systems still behave as recorded. `--show` runs nothing: it
 * prints the committed rows, one line each.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FAULT_CASE_IDS, type FaultCaseId } from '../../impls/contract.ts';
import { comparable, compareRows } from './compare.ts';
import { runFaultMatrix, type FaultMatrixRow, type FaultSystem } from './matrix.ts';
import { describeRow, loadReferenceMatrix, REFERENCE_FILE, REFERENCE_SYSTEMS, referenceFaultSystem, referenceRow, type ReferenceMatrix, type ReferenceRow } from './references.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** A row that hangs is ended here; every row that does not hang is over in well under 2 s. */
const ROW_DEADLINE_MS = 5000;

const USAGE = `usage: npm run faults:reference -- [--system NAME]... [--case ID]... [--check | --show] [--parallel N]
  runs the real Python systems' fault rows and writes their comparable outcomes to ${path.relative(process.cwd(), REFERENCE_FILE)};
  --check compares them with that file instead, and exits 1 on any difference; --show prints that file's rows.
systems: ${REFERENCE_SYSTEMS.map((s) => s.name).join(', ')}
cases: ${FAULT_CASE_IDS.join(', ')}
`;

function fail(message: string): never {
  process.stderr.write(`error: ${message}\n\n${USAGE}`);
  process.exit(2);
}

let values: { system?: string[]; case?: string[]; check?: boolean; show?: boolean; parallel?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      system: { type: 'string', multiple: true },
      case: { type: 'string', multiple: true },
      check: { type: 'boolean' },
      show: { type: 'boolean' },
      parallel: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (err) {
  fail((err as Error).message);
}
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
for (const s of values.system ?? []) if (!REFERENCE_SYSTEMS.some((r) => r.name === s)) fail(`unknown system '${s}'`);
for (const c of values.case ?? []) if (!(FAULT_CASE_IDS as readonly string[]).includes(c)) fail(`unknown case '${c}'`);
const parallel = values.parallel === undefined ? 3 : Number(values.parallel);
if (!Number.isInteger(parallel) || parallel < 1 || parallel > 8) fail(`--parallel must be a whole number from 1 to 8, got ${values.parallel}`);

const cases = (values.case ?? FAULT_CASE_IDS) as FaultCaseId[];
if (values.show) {
  const committed = loadReferenceMatrix();
  for (const ref of REFERENCE_SYSTEMS.filter((r) => !values.system || values.system.includes(r.name))) {
    for (const c of cases) {
      for (const [idiom, row] of Object.entries(committed.systems[ref.name]?.rows[c] ?? {})) process.stdout.write(`${describeRow(ref.name, c, idiom, row.comparable)}\n`);
    }
  }
  process.exit(0);
}
const systems: FaultSystem[] = [];
for (const ref of REFERENCE_SYSTEMS.filter((r) => !values.system || values.system.includes(r.name))) {
  const system = referenceFaultSystem(ref);
  if ('missing' in system) process.stdout.write(`${ref.name}: skipped, ${system.missing}\n`);
  else systems.push(system);
}
if (systems.length === 0) fail('no reference system can run here');

const result = await runFaultMatrix({
  systems,
  cases,
  parallel,
  deadlineMs: ROW_DEADLINE_MS,
  onRow: (row, done, total) => process.stdout.write(`[${done}/${total}] ${describeRow(row.system, row.case, row.idiom, comparable(row.row))}\n`),
});
for (const f of result.failedSystems) process.stdout.write(`${f.system}: ${f.reason}\n`);
const unsupported = result.rows.filter((r) => r.row.unsupported);
for (const r of unsupported) process.stdout.write(`${r.system} ${r.case} ${r.idiom}: unsupported: ${r.row.unsupported}\n`);

const matrix = loadReferenceMatrix();
const date = new Date().toISOString().slice(0, 10);
const taken = result.rows.filter((r) => !r.row.unsupported).map((r) => ({ r, ref: toReferenceRow(r, date) }));
let problems = result.failedSystems.length + unsupported.length;
if (values.check) {
  for (const { r, ref } of taken) {
    const committed = referenceRow(matrix, r.system, r.case, r.idiom);
    const verdict = committed ? compareRows(ref.comparable, committed.comparable) : { match: false as const, differences: ['no committed row'] };
    if (!verdict.match) {
      problems++;
      process.stdout.write(`- ${r.system} ${r.case} ${r.idiom} differs from the committed row: ${verdict.differences.join('; ')}\n`);
    }
  }
  process.stdout.write(problems === 0 ? `\nall ${taken.length} rows agree with ${path.relative(process.cwd(), REFERENCE_FILE)}\n` : `\n${problems} problem(s)\n`);
} else {
  for (const { r, ref } of taken) merge(matrix, r, ref);
  writeFileSync(REFERENCE_FILE, `${JSON.stringify(sorted(matrix), null, 2)}\n`);
  process.stdout.write(`\n${taken.length} rows written to ${path.relative(process.cwd(), REFERENCE_FILE)}\n`);
}
process.exit(problems === 0 ? 0 : 1);

function toReferenceRow(r: FaultMatrixRow, day: string): ReferenceRow {
  const hello = r.events.find((e) => e.ev === 'hello');
  // What changes from run to run or checkout to checkout (ports, row tags, paths, line numbers, the watchdog's
  // exact time) is scrubbed, so a regenerated file differs only where the system's output does.
  const local = (line: string): string =>
    line
      .split(REPO_ROOT)
      .join('')
      .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>')
      .replace(/tag=[^&'"\s)]+/g, 'tag=<tag>')
      .replace(/(\.py):\d+/g, '$1')
      .replace(/still running \d+ ms after/g, 'still running <n> ms after')
      .replace(/(request_time|start_time)=[\d.]+/g, '$1=<n>');
  return {
    comparable: comparable(r.row),
    version: (hello?.ev === 'hello' && hello.version) || 'unknown',
    date: day,
    logSummary: r.row.logSummary.map(local),
    notes: r.row.notes.map(local),
  };
}

function merge(m: ReferenceMatrix, r: FaultMatrixRow, ref: ReferenceRow): void {
  m.comment = 'Written by `npm run faults:reference` (harness/faults/reference-cli.ts) from the real Python systems; do not edit by hand.';
  const system = (m.systems[r.system] ??= { rows: {} });
  const hello = r.events.find((e) => e.ev === 'hello');
  if (hello?.ev === 'hello' && hello.note) system.note = hello.note;
  (system.rows[r.case] ??= {})[r.idiom] = ref;
}

/** Systems, cases and idioms in a fixed order, so a regenerated file differs only where the outcomes do. */
function sorted(m: ReferenceMatrix): ReferenceMatrix {
  const systems: ReferenceMatrix['systems'] = {};
  for (const name of Object.keys(m.systems).sort()) {
    const s = m.systems[name]!;
    const rows: (typeof s)['rows'] = {};
    for (const c of FAULT_CASE_IDS) {
      const byIdiom = s.rows[c];
      if (byIdiom) rows[c] = Object.fromEntries(Object.keys(byIdiom).sort().map((i) => [i, byIdiom[i]!]));
    }
    systems[name] = { ...(s.note ? { note: s.note } : {}), rows };
  }
  return { comment: m.comment, systems };
}
