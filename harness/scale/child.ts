/**
 * One scale measurement in a process of its own, so that no other measurement's garbage or JIT state is billed to
 * it: parks `count` units of one kind, measures, wakes them, and prints one ScaleRow as a JSON line on stdout.
 * Started by ./run.ts as `node --expose-gc --import tsx harness/scale/child.ts <kind> <count>`; exit status 2 for
 * bad arguments, 1 when the measurement failed (stderr says why).
 */
import { performance } from 'node:perf_hooks';
import { collectGarbage } from '../metrics/heap.ts';
import { unitKind } from './kinds.ts';
import type { ScaleRow } from './types.ts';

/** However the style behaves, this process ends: no child outlives a run by more than this. */
const WATCHDOG_MS = 300_000;

const [kindArg, countArg] = process.argv.slice(2);
const kind = unitKind(kindArg ?? '');
const count = Number(countArg);
if (!kind || !Number.isInteger(count) || count < 1) {
  process.stderr.write(`usage: child.ts <kind> <count>; got ${JSON.stringify(process.argv.slice(2))}\n`);
  process.exit(2);
}
if (typeof (globalThis as { gc?: unknown }).gc !== 'function') {
  process.stderr.write('child.ts must run under node --expose-gc, so that a collection is the same one every time\n');
  process.exit(2);
}
setTimeout(() => {
  process.stderr.write(`the ${kind.kind} measurement of ${count} units did not finish within ${WATCHDOG_MS} ms\n`);
  process.exit(1);
}, WATCHDOG_MS).unref();
// In a process group of its own (./run.ts), nothing stops it with the testbed: when the testbed is gone, it goes too.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(1);
}, 500).unref();

collectGarbage();
const before = process.memoryUsage();
const t0 = performance.now();
const parked = await kind.park(count);
const createMs = performance.now() - t0;
collectGarbage();
const after = process.memoryUsage();
const firedEarly = parked.firedEarly();
const wakeFrom = Math.max(performance.now(), parked.dueAt ?? 0);
await parked.wake();
const wakeMs = performance.now() - wakeFrom;

const row: ScaleRow = {
  system: kind.system,
  kind: kind.kind,
  unit: kind.unit,
  parks: kind.parks,
  count,
  createMs,
  heapBytesPerUnit: (after.heapUsed - before.heapUsed) / count,
  rssBytesPerUnit: (after.rss - before.rss) / count,
  wakeMs,
  firedEarly,
};
process.stdout.write(`${JSON.stringify(row)}\n`);
process.exit(0);
