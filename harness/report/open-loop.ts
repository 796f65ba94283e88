/**
 * What the report says of open loop (`--rate`): which loop produced an echo group's figures, and for an open-loop
 * group, latency from each message's slot (corrected for coordinated omission, as wrk2) beside latency from its
 * actual send (uncorrected), with the messages that went out late or were dropped. Pure; called by the markdown
 * report for each echo group.
 */
import { markdownTable } from 'markdown-table';
import { median } from 'simple-statistics';
import type { EchoParams } from '../../scenarios/echo.ts';
import type { EchoTrial, GroupResult } from '../results.ts';
import { hasQuotableFigures, measuredTrials } from './summary.ts';

const num = (v: number, digits = 0): string => v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (v: number): string => (v >= 100 ? num(v, 0) : v >= 10 ? num(v, 1) : num(v, 2));

/** The sentence an echo group's parameters end with: how its messages were paced, so which latency it shows. */
export function loopModeSentence(p: Pick<EchoParams, 'openLoopRate' | 'connections'>): string {
  if (p.openLoopRate === undefined) {
    return 'Closed loop: each connection sends its next message once the reply to the last one is verified; latency is from each send.';
  }
  return (
    `Open loop at ${num(p.openLoopRate)} messages a second in all (as wrk2): message n of connection c is due at ` +
    `t0 + (n·${p.connections} + c)/${num(p.openLoopRate)} s and goes out then, or late, as soon as its connection's previous reply is verified. ` +
    'The latency columns are from when each message was due (corrected for coordinated omission); the open-loop table below sets them beside latency from the actual send.'
  );
}

/** Medians across a cell's measured trials of the open-loop figures; undefined when its trials have none. */
function openLoopRow(trials: EchoTrial[]): string[] | undefined {
  const open = trials.filter((t) => t.openLoop);
  if (open.length === 0) return undefined;
  const med = (pick: (t: EchoTrial) => number): number => median(open.map(pick));
  return [
    ms(med((t) => t.latency.p99)),
    ms(med((t) => t.openLoop!.uncorrected.p99)),
    ms(med((t) => t.latency.p999)),
    ms(med((t) => t.openLoop!.uncorrected.p999)),
    `${num(med((t) => t.operations))} of ${num(med((t) => t.openLoop!.scheduled))}`,
    num(med((t) => t.openLoop!.late)),
    num(med((t) => t.openLoop!.dropped)),
    ms(med((t) => t.openLoop!.maxSendLagMs)),
  ];
}

/** The open-loop table of an echo group run with --rate; nothing for any other group. */
export function openLoopSection(group: GroupResult): string[] {
  if (group.setup.scenario !== 'echo' || group.setup.params.openLoopRate === undefined) return [];
  const rows = group.cells.flatMap((cell) => {
    const row = hasQuotableFigures(cell) ? openLoopRow(measuredTrials(cell) as EchoTrial[]) : undefined;
    return row ? [[cell.style, ...row]] : [];
  });
  if (rows.length === 0) return [];
  const header = ['row', 'p99 ms from due (corrected)', 'p99 ms from send (uncorrected)', 'p99.9 ms corrected', 'p99.9 ms uncorrected', 'sent of scheduled', 'late', 'dropped', 'generator lag max ms'];
  return [
    `Open loop (medians per trial): *late* messages went out after their slot because their connection was still waiting for the previous reply; ` +
      '*dropped* slots were never reached before the deadline; *generator lag*: how late the load generator itself sent an on-time message.',
    '',
    markdownTable([header, ...rows], { align: ['l', ...Array<'r'>(header.length - 1).fill('r')] }),
    '',
  ];
}
