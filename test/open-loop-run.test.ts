/**
 * Open loop through the whole runner: an echo group with a rate reaches the native load generator, and its trial
 * carries latency from each slot (corrected) and from each send (uncorrected), and the late and dropped counts, into
 * the JSON and the markdown report.
 */
import { expect, it } from 'vitest';
import { renderMarkdown } from '../harness/report/markdown.ts';
import type { EchoTrial } from '../harness/results.ts';
import { Runner, type RunPlan } from '../harness/runner.ts';
import { ECHO_DEFAULTS } from '../scenarios/echo.ts';
import { runReport } from './fixtures/run-reports.ts';

it('carries an open-loop trial\'s corrected and uncorrected p99, and its late and dropped counts, into the report', async () => {
  const plan: RunPlan = {
    styles: ['raw'],
    groups: [{ scenario: 'echo', params: { ...ECHO_DEFAULTS, connections: 4, size: 256, durationMs: 400, openLoopRate: 500 } }],
    trials: 1,
    warmupMs: 100,
    pin: false,
  };
  const [group] = await new Runner(plan, undefined).run();
  expect(group!.id).toBe('echo-256-rate500');
  const cell = group!.cells[0]!;
  expect(cell.state).toBe('completed');
  const trial = cell.trials[0] as EchoTrial;
  // 500 a second for 0.4 s: 200 slots, each sent (and verified) or dropped; none may be lost from the count.
  expect(trial.openLoop).toMatchObject({ rate: 500, scheduled: 200 });
  expect(trial.operations + trial.openLoop!.dropped).toBe(200);
  expect(trial.openLoop!.uncorrected.count).toBe(trial.operations);
  expect(trial.latency.count).toBe(trial.operations);
  // From the slot is never shorter than from the send: a message goes out at its slot or after it.
  expect(trial.latency.p99).toBeGreaterThanOrEqual(trial.openLoop!.uncorrected.p99);

  const md = renderMarkdown(runReport([group!]));
  expect(md).toContain('## echo — 256 B messages, 4 connections, open loop at 500 msgs/s');
  expect(md).toContain('Open loop at 500 messages a second in all (as wrk2)');
  const row = md.split('\n').find((l) => /^\| raw\s+\|\s+[\d.]+ \|/.test(l));
  expect(row, md).toBeDefined();
  const cells = row!.split('|').slice(2, -1).map((c) => c.trim());
  // The report's own rounding (toLocaleString's, which is not toFixed's).
  const fixed = (v: number, d: number): string => v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
  const ms = (v: number): string => (v >= 100 ? fixed(v, 0) : v >= 10 ? fixed(v, 1) : fixed(v, 2));
  expect(cells[0]).toBe(ms(trial.latency.p99));
  expect(cells[1]).toBe(ms(trial.openLoop!.uncorrected.p99));
  expect(cells[4]).toBe(`${trial.operations} of 200`);
  expect(cells[5]).toBe(String(trial.openLoop!.late));
  expect(cells[6]).toBe(String(trial.openLoop!.dropped));
}, 30_000);

it('says a closed-loop echo group is closed loop', async () => {
  const md = renderMarkdown(
    runReport([{ id: 'echo-1024', title: 'echo — 1 KiB messages, 10 connections', setup: { scenario: 'echo', params: { ...ECHO_DEFAULTS, size: 1024 } }, cells: [] }]),
  );
  expect(md).toContain('Closed loop: each connection sends its next message once the reply to the last one is verified; latency is from each send.');
  expect(md).not.toContain('Open loop (medians per trial)');
});
