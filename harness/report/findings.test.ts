/**
 * The findings' wording on synthetic reports: a lead beyond the run's noise is called one, a lead within it is not,
 * one that cannot be judged says so; every figure is the report's, every finding links to where it comes from.
 */
import { describe, expect, it } from 'vitest';
import { code, cpuCell, cpuGroup, faultRow, faults, race, region } from '../../test/fixtures/narrative-reports.ts';
import { cell, echoGroup, runReport } from '../../test/fixtures/run-reports.ts';
import { groupFinding, renderFindings } from './findings.ts';
import { renderMarkdown } from './markdown.ts';

describe('findings', () => {
  it('calls a lead beyond noise one, with the ratio to the next style and to raw', () => {
    const group = echoGroup([cell('raw', [50_000, 51_000, 52_000]), cell('fiber', [40_000, 41_000, 42_000]), cell('async', [30_000, 31_000, 32_000])]);
    const text = groupFinding(group);
    expect(text).toContain("**echo — 1 KiB messages, 10 connections**: fiber led the styles with 41,000 msgs/s, 1.32× async's 31,000, beyond noise (the 95% intervals do not overlap); 0.80× raw.");
    expect(text).toContain('[table](#group-echo-1024)');
  });

  it('does not call a lead within noise one: the two cannot be told apart', () => {
    const group = echoGroup([cell('fiber', [40_000, 41_000, 42_000]), cell('async', [39_000, 40_500, 41_500])]);
    const text = groupFinding(group);
    expect(text).toContain('fiber and async cannot be told apart: 41,000 against 40,500 msgs/s (1.01×) is within noise (the 95% intervals overlap)');
    expect(text).not.toContain('led');
  });

  it('says when there are too few trials to judge a lead, and names the cells without figures', () => {
    const group = echoGroup([cell('fiber', [40_000]), cell('async', [30_000]), { style: 'callback', state: 'crashed', message: 'boom', trials: [] }]);
    const text = groupFinding(group);
    expect(text).toContain("fiber led the styles with 40,000 msgs/s, 1.33× async's 30,000; noise unknown (1 trial a side: no interval below 3), so whether the lead is real is not known");
    expect(text).toContain('Without figures: callback (crashed)');
  });

  it('links a group\'s throughput chart when one was drawn', () => {
    const group = echoGroup([cell('raw', [1, 2, 3])]);
    const chart = { path: 'stamp-charts/throughput-echo-1024.svg', title: '', alt: '', groupId: 'echo-1024', warnings: [] };
    expect(groupFinding(group, [chart])).toBe('**echo — 1 KiB messages, 10 connections**: no style but raw had figures (2 msgs/s). [table](#group-echo-1024) · [chart](stamp-charts/throughput-echo-1024.svg)');
  });

  it('sums up offloading, the race, the faults per style and the claims, from the report\'s own figures', () => {
    const report = {
      ...runReport([cpuGroup('inline', [cpuCell('raw', [[200, 80, 5], [210, 82, 5.2], [205, 81, 5.1]])]), cpuGroup('offload', [cpuCell('raw', [[400, 40, 0.3], [390, 41, 0.35], [395, 40.5, 0.32]])])]),
      race: race([['raw', 900, 0], ['fiber', 'the fiber style has no raceCounter yet']]),
      faults: faults([faultRow('callback', 'handler-throws', 'checks-error', { reached: 0, logged: 1, hung: true }), faultRow('py-tornado5', 'handler-throws', 'checks-error', { reached: 0, logged: 1 })]),
    };
    const lines = renderFindings(report);
    expect(lines).toContain('- **CPU work offloaded instead of inline**: raw 1.93× the throughput (beyond noise), loop delay p99 5.10 ms → 0.32 ms, p99 81.0 ms → 40.5 ms. [inline table](#group-cpu-inline) · [offload table](#group-cpu-offload)');
    expect(lines).toContain('- **Shared counter (race)**: updates lost to a switch point inside the read-modify-write: raw 900 of 1,000; with each style\'s lock, none. Not measured: the fiber style has no raceCounter yet. [race](#race)');
    expect(lines).toContain(
      '- **How each system propagated the injected faults**: callback: 0 of 1 injected error reached the caller, 1 was only logged, 0 vanished; the caller hung in 1 row (1 row); ' +
        '*py-tornado5*: 0 of 1 injected error reached the caller, 1 was only logged, 0 vanished (1 row). [fault matrix](#faults)',
    );
    expect(lines).toContain('- **The articles\' claims**: 3 supported, 3 not measured in this run. [claims](#claims)');
  });

  it('says when only the real systems had fault rows', () => {
    const lines = renderFindings({ ...runReport([]), faults: faults([faultRow('py-gevent', 'http-500', 'get', { reached: 1 })]) });
    expect(lines).toContain('- **How each system propagated the injected faults**: *py-gevent*: 1 of 1 injected error reached the caller, 0 were only logged, 0 vanished (1 row). No style had fault rows yet. [fault matrix](#faults)');
  });

  it('stands at the top of the report, and the tables, rows and sections it links to have their anchors', () => {
    const report = {
      ...runReport([echoGroup([cell('raw', [50_000, 51_000, 52_000]), cell('fiber', [40_000, 41_000, 42_000])])]),
      race: race([['raw', 900, 0]]),
      faults: faults([faultRow('fiber', 'http-500', 'get', { reached: 1 })]),
      code: code([region('raw', 'echo', []), { region: 'echo', style: 'fiber', state: 'missing', detail: 'not yet' }]),
    };
    const md = renderMarkdown(report);
    expect(md.indexOf('## Findings')).toBeLessThan(md.indexOf('- Date:'));
    for (const target of [...md.matchAll(/\]\(#([a-z0-9-]+)\)/g)].map((m) => m[1])) expect(md, `anchor ${target}`).toContain(`<a id="${target}"></a>`);
    expect(md).toMatch(/\| \[raw\]\(#code-echo-raw\) +\| ok/);
    expect(md).toMatch(/\| fiber +\| ok/); // its code is not marked yet: nothing to link to
  });
});
