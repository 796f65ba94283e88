/** `testbed microbench`: runs harness/microbench.ts and prints its rows as a table (a skipped row's figures as —). */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { markdownTable } from 'markdown-table';

export async function printMicrobenchmarks(options: { quick?: boolean }, write: (text: string) => void): Promise<void> {
  const modulePath = fileURLToPath(new URL('./microbench.ts', import.meta.url));
  if (!existsSync(modulePath)) {
    write('no microbenchmarks yet: harness/microbench.ts does not exist\n');
    return;
  }
  const { runMicrobenchmarks } = (await import(modulePath)) as {
    runMicrobenchmarks: (o: { quick?: boolean }) => Promise<Array<{ name: string; opsPerSec: number; meanNs: number; p99Ns: number; samples: number; skipped?: string }>>;
  };
  const rows = await runMicrobenchmarks(options);
  const fmt = (v: number): string => v.toLocaleString('en-US', { maximumFractionDigits: 0 });
  const cells = (r: (typeof rows)[number]): string[] =>
    r.skipped !== undefined ? [r.name, '—', '—', '—', '—'] : [r.name, fmt(r.opsPerSec), fmt(r.meanNs), fmt(r.p99Ns), String(r.samples)];
  write(`${markdownTable([['benchmark', 'ops/s', 'mean ns', 'p99 ns', 'samples'], ...rows.map(cells)], { align: ['l', 'r', 'r', 'r', 'r'] })}\n`);
}
