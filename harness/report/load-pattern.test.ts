/**
 * The load-pattern check on synthetic reports: a flip is called only when both orders are beyond noise, a style
 * ahead of raw beyond noise is named, and groups without a second pattern make no section.
 */
import { describe, expect, it } from 'vitest';
import { parseLoadPattern, type LoadPattern } from '../../scenarios/echo.ts';
import { cell, echoGroup, runReport } from '../../test/fixtures/run-reports.ts';
import type { CellResult, GroupResult } from '../results.ts';
import { parseSize } from '../plan.ts';
import { loadPatternComparisons, loadPatternFinding, renderLoadPatternCheck } from './load-pattern.ts';
import { renderMarkdown } from './markdown.ts';

const pattern = (name: string): LoadPattern => parseLoadPattern(name, parseSize);

function patternGroup(name: string, cells: CellResult[], size = 1024): GroupResult {
  const g = echoGroup(cells, size, `echo-${size}-${name}`);
  if (g.setup.scenario !== 'echo') throw new Error('unreachable');
  return { ...g, setup: { ...g.setup, params: { ...g.setup.params, loadPattern: pattern(name) } } };
}

describe('load patterns', () => {
  it('parses the names the command line takes, and refuses others with the forms it accepts', () => {
    expect(pattern('one-write')).toEqual({ name: 'one-write', writeChunkBytes: 0, readBufferBytes: 65536 });
    expect(pattern('writes-16k')).toEqual({ name: 'writes-16k', writeChunkBytes: 16384, readBufferBytes: 65536 });
    expect(pattern('writes-1k+reads-4k')).toEqual({ name: 'writes-1k+reads-4k', writeChunkBytes: 1024, readBufferBytes: 4096 });
    expect(() => pattern('reads-4k+reads-8k')).toThrow('use one-write, writes-<size>, reads-<size>');
    expect(() => pattern('chunks-4k')).toThrow('is not a load pattern');
  });
});

describe('the load-pattern check', () => {
  it('calls a flip only when both orders are beyond noise', () => {
    const report = runReport([
      patternGroup('one-write', [cell('raw', [100, 101, 102]), cell('fiber', [80, 81, 82]), cell('async', [60, 61, 62])]),
      // async ahead of fiber beyond noise: a flip; raw and fiber within noise of each other: not one
      patternGroup('writes-16k', [cell('raw', [90, 95, 100]), cell('fiber', [70, 71, 72]), cell('async', [85, 86, 87])]),
    ]);
    const [c] = loadPatternComparisons(report);
    expect(c!.flips).toEqual(['fiber ahead of async on throughput under one-write (81 against 61 msgs/s), behind it on throughput under writes-16k (71 against 86 msgs/s)']);
    expect(c!.aboveRaw).toEqual([]);
    const text = renderLoadPatternCheck(report).join('\n');
    expect(text).toContain('## Load-pattern check');
    expect(text).toContain('**writes-16k** (each message in 16 KiB writes, reads of up to 64 KiB)');
    expect(text).toMatch(/\| fiber\s+\|\s+81 \(2\) \|[^|]+\|\s+71 \(3\) \|/);
    expect(text).toContain('**1 flip**');
    expect(loadPatternFinding(report)[0]).toBe('**Load-pattern check** (one-write, writes-16k): it flipped beyond noise at 1 KiB (1 flip); no style ahead of raw beyond noise under any pattern. [check](#load-pattern-check)');
  });

  it('reports no flip when ranks move only within noise, and names a style ahead of raw', () => {
    const report = runReport([
      patternGroup('one-write', [cell('raw', [100, 101, 102]), cell('fiber', [99, 100, 103])]),
      patternGroup('reads-4k', [cell('raw', [100, 101, 102]), cell('fiber', [120, 121, 122])]),
    ]);
    const [c] = loadPatternComparisons(report);
    expect(c!.flips).toEqual([]);
    expect(c!.aboveRaw).toHaveLength(1);
    expect(c!.aboveRaw[0]).toMatch(/^fiber under reads-4k: 1\.20× raw \(95% interval /);
    expect(renderLoadPatternCheck(report).join('\n')).toContain('raw as the ceiling: **not under every pattern**');
  });

  it('orders a pair on CPU per message where the load generator was the limit, and marks such throughput a lower bound', () => {
    // Under writes-16k every row is held to the generator's ~25k msgs/s; fiber still costs less per message than async.
    const bound = (c: CellResult): CellResult => ({ ...c, trials: c.trials.map((t) => ({ ...t, load: { ...t.load!, cpuPercent: 97 } })) });
    const at = (style: string, ops: number[], cpuMs: number): CellResult => cell(style, ops, { cpuMs });
    const report = runReport([
      patternGroup('one-write', [at('raw', [100, 101, 102], 1000), at('fiber', [80, 81, 82], 1000), at('async', [60, 61, 62], 1000)]),
      patternGroup('writes-16k', [bound(at('raw', [25, 25.5, 26], 400)), bound(at('fiber', [25, 25.2, 25.4], 300)), bound(at('async', [26, 26.2, 26.4], 600))]),
    ]);
    const [c] = loadPatternComparisons(report);
    // async is ahead of fiber on throughput under writes-16k, beyond noise, but that throughput is the generator's:
    // no flip there. fiber costing less than raw per message is one, and raw is not the ceiling under that pattern.
    expect(c!.flips).toEqual([expect.stringMatching(/^raw ahead of fiber on throughput under one-write \(101 against 81 msgs\/s\), behind it on CPU per message under writes-16k, where the load generator was the limit \([\d,.]+ µs against [\d,.]+ µs\)$/)]);
    expect(c!.aboveRaw).toEqual([expect.stringMatching(/^fiber under writes-16k: [\d.]+ µs of CPU per message against raw's [\d.]+ µs \(the load generator the limit\)$/)]);
    expect(renderLoadPatternCheck(report).join('\n')).toMatch(/\| async\s+\|[^|]+\|[^|]+\|\s+≥ 26 \(1\) \|/);
  });

  it('compares sizes apart, and makes no section without two patterns of one size', () => {
    const groups = [patternGroup('one-write', [cell('raw', [1, 2, 3])], 1024), patternGroup('writes-16k', [cell('raw', [1, 2, 3])], 10240)];
    expect(loadPatternComparisons(runReport(groups))).toEqual([]);
    expect(renderLoadPatternCheck(runReport([echoGroup([cell('raw', [1, 2, 3])])]))).toEqual([]);
    expect(renderMarkdown(runReport(groups))).not.toContain('Load-pattern check');
  });
});
