/**
 * `npm run conformance [-- --regen] [--style S] [--case NAME]`
 *
 * Runs each case against the real Python system (where its pinned version can be found) and against the style, and
 * shows every difference. `--regen` rewrites the golden transcripts from the Python side (commit them). Without
 * Python, `npm test` still checks the TypeScript side against the committed goldens.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkPin, expectedTranscript, listCases, runPython, runTypeScript, type ConformanceCase } from './lib/cases.ts';
import { lineDiff } from './lib/diff.ts';
import { CONFORMANCE_STYLES, PINS, type ConformanceStyle } from './lib/pins.ts';

const { values } = parseArgs({
  options: { regen: { type: 'boolean' }, style: { type: 'string', multiple: true }, case: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } },
});
if (values.help) {
  process.stdout.write(
    'usage: npm run conformance -- [--regen] [--style callback|fiber|async] [--case NAME]\n' +
      '  compares each case\'s Python transcript (real system) with its golden and its TypeScript transcript (style);\n' +
      '  --regen rewrites the goldens from Python.\n\nPinned references:\n' +
      CONFORMANCE_STYLES.map((s) => `  ${s}: ${PINS[s].system} (${PINS[s].knobs.join(', ')})`).join('\n') +
      '\n',
  );
  process.exit(0);
}
const styles = (values.style ?? CONFORMANCE_STYLES) as ConformanceStyle[];
for (const s of styles) {
  if (!CONFORMANCE_STYLES.includes(s)) {
    process.stderr.write(`error: unknown style '${s}'; styles are ${CONFORMANCE_STYLES.join(', ')}\n`);
    process.exit(2);
  }
}

let problems = 0;
for (const style of styles) {
  let pin: string | undefined;
  try {
    pin = await checkPin(style);
  } catch (err) {
    process.stdout.write(`\n## ${style}: Python side skipped: ${(err as Error).message}\n`);
    if (values.regen) problems++;
  }
  if (pin) process.stdout.write(`\n## ${style} against ${pin}\n`);
  const cases = listCases(style).filter((c) => !values.case || values.case.includes(c.name));
  for (const c of cases) problems += await check(c, pin);
}
process.stdout.write(problems === 0 ? '\nall cases agree\n' : `\n${problems} problem(s)\n`);
process.exit(problems === 0 ? 0 : 1);

async function check(c: ConformanceCase, pin: string | undefined): Promise<number> {
  const label = `${c.style}/${c.name}`;
  let problems = 0;
  if (pin) {
    const py = await runPython(c);
    if (py.timedOut || py.stderr) {
      process.stdout.write(`- ${label}: the Python side broke${py.timedOut ? ' (timed out)' : ''}\n${py.stderr}\n`);
      return 1;
    }
    if (values.regen) {
      writeFileSync(c.golden, `# ${pin}; regenerate with: npm run conformance -- --regen --style ${c.style} --case ${c.name}\n${py.transcript}`);
      process.stdout.write(`- ${label}: golden written (${path.relative(process.cwd(), c.golden)})\n`);
    } else {
      const golden = expectedTranscript({ ...c, departure: '/nonexistent' })?.transcript;
      if (golden !== py.transcript) {
        problems++;
        process.stdout.write(`- ${label}: the golden is stale (the real system now prints otherwise):\n${lineDiff(golden ?? '', py.transcript, 'golden', 'python')}\n`);
      }
    }
  }
  const expected = expectedTranscript(c);
  const ts = await runTypeScript(c);
  if (ts.timedOut || ts.stderr) {
    process.stdout.write(`- ${label}: the TypeScript side broke${ts.timedOut ? ' (timed out)' : ''}\n${ts.stderr}\n`);
    return problems + 1;
  }
  if (!expected) {
    process.stdout.write(`- ${label}: no golden yet\n`);
    return problems + 1;
  }
  if (expected.transcript === ts.transcript) {
    process.stdout.write(`- ${label}: ${expected.departure ? `agrees with its departure (${expected.departure})` : 'agrees'}\n`);
    return problems;
  }
  process.stdout.write(`- ${label}: DIFFERS\n${lineDiff(expected.transcript, ts.transcript, expected.departure ? 'departure' : 'golden', 'typescript')}\n`);
  return problems + 1;
}
