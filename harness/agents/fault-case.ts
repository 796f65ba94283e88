/**
 * One fault-matrix row, in a process of its own so that a crash or a hang is an observation, not a harness failure.
 * Usage (by harness/faults/row.ts): fault-case.ts <style> <case> <idiom> <baseUrl> <refusedUrl> <tag> [driver-module]
 *        or: fault-case.ts <style> --list [driver-module]   prints {"idioms": {case: [idiom, ...]}} and exits
 *
 * It prints the protocol of harness/faults/protocol.ts on stdout: hello, the case's own events, then, once the case's
 * scope has ended, LINGER_MS more of the style's loop (failures reported late still land), the handles Node still
 * holds, and end. Nothing here catches the case's failures: an uncaught one ends the process as it would any program.
 */
import { FAULT_CASE_IDS, isStyleName, type FaultCaseId, type StyleDriver } from '../../impls/contract.ts';
import { loadDriver } from '../../impls/registry.ts';
import { JsonLinesRecorder } from '../faults/recorder.ts';
import { LINGER_MS } from '../faults/protocol.ts';

const argv = process.argv.slice(2);
if (argv[1] === '--list') await listIdioms(argv[0], argv[2]);

async function loadStyle(style: string, modulePath: string | undefined): Promise<StyleDriver> {
  if (modulePath) return ((await import(modulePath)) as { default: StyleDriver }).default;
  if (!isStyleName(style)) throw new Error(`unknown style '${style}'`);
  return loadDriver(style);
}

async function listIdioms(style: string | undefined, modulePath: string | undefined): Promise<never> {
  const driver = await loadStyle(style ?? '', modulePath);
  const idioms = Object.fromEntries(FAULT_CASE_IDS.map((c) => [c, driver.faults?.idioms(c) ?? []]));
  process.stdout.write(`${JSON.stringify({ idioms })}\n`);
  process.exit(0);
}

const [style, caseId, idiom, baseUrl, refusedUrl, tag, modulePath] = argv;
const record = new JsonLinesRecorder();
record.captureStderr();

function stop(code: number): never {
  record.flushLog();
  record.emit({ ev: 'end' });
  process.exit(code);
}

if (!style || !isStyleName(style) || !(FAULT_CASE_IDS as readonly string[]).includes(caseId ?? '') || !idiom || !baseUrl || !refusedUrl || !tag) {
  record.emit({ ev: 'unsupported', reason: `bad arguments: ${process.argv.slice(2).join(' ')}` });
  stop(2);
}
const driver = await loadStyle(style!, modulePath);
record.emit({ ev: 'hello', system: style, case: caseId!, idiom });
if (!driver.faults || !driver.faults.idioms(caseId as FaultCaseId).includes(idiom)) {
  record.emit({ ev: 'unsupported', reason: `${style} has no '${idiom}' idiom for ${caseId}` });
  stop(3);
}
await driver.faults.run(caseId as FaultCaseId, idiom, { baseUrl, refusedUrl, tag, record });
await new Promise((resolve) => setTimeout(resolve, LINGER_MS));
const open = process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap' && r !== 'PipeWrap' && r !== 'ProcessWrap');
record.emit({ ev: 'handles', open });
stop(0);
