import { describe, expect, it } from 'vitest';
import { cell, echoGroup, runReport } from '../../test/fixtures/run-reports.ts';
import { compareRuns, type FigureComparison, type RunComparison } from './compare.ts';
import { renderComparisonMarkdown, renderComparisonText } from './render.ts';

const row = (c: RunComparison, style: string, figure: FigureComparison['figure']): FigureComparison => {
  const found = c.rows.find((r) => r.style === style && r.figure === figure);
  if (!found) throw new Error(`no row ${style} ${figure}`);
  return found;
};

// Five trials a side: the test can reach p = 2/252 ≈ 0.008, well below α = 0.05.
const before = runReport([
  echoGroup([
    cell('raw', [100_000, 102_000, 98_000, 101_000, 99_000]),
    cell('fiber', [50_000, 51_000, 49_000, 50_500, 49_500], { latency: { p99: 1.0 } }),
    cell('async', [80_000, 81_000, 79_000, 80_500, 79_500]),
    cell('callback', [90_000, 91_000, 89_000, 90_500, 89_500]),
  ]),
]);
const after = runReport([
  echoGroup([
    cell('raw', [101_000, 99_000, 100_000, 102_000, 98_000]), // the same trials reshuffled: noise
    cell('fiber', [60_000, 61_000, 59_000, 60_500, 59_500], { latency: { p99: 0.5 } }), // +20%, p99 halved
    cell('async', [68_000, 69_000, 67_000, 68_500, 67_500]), // -15%
    cell('callback', [88_000, 88_500, 87_500, 87_800, 88_200]), // about -2.2%, but every trial lower: significant
  ]),
]);

describe('compareRuns', () => {
  const c = compareRuns(before, after, { names: ['before', 'after'], failOnRegressionPct: 5 });

  it('calls an improvement better, in the direction each figure goes', () => {
    const tp = row(c, 'fiber', 'throughput');
    expect(tp.changePct).toBeCloseTo(20, 9);
    expect(tp.test.p).toBeCloseTo(2 / 252, 12);
    expect(tp.verdict).toBe('better');
    expect(tp.noise.verdict).toBe('apart');
    // Latency falling is better too.
    expect(row(c, 'fiber', 'p99').changePct).toBeCloseTo(-50, 9);
    expect(row(c, 'fiber', 'p99').verdict).toBe('better');
  });

  it('calls a regression worse and fails the gate on it', () => {
    const tp = row(c, 'async', 'throughput');
    expect(tp.changePct).toBeCloseTo(-15, 9);
    expect(tp.verdict).toBe('worse');
    expect(tp.regression).toBe(true);
    expect(tp.ratio.method === 'bootstrap' && tp.ratio.high).toBeLessThan(1);
    expect(c.decision).toBe('fail');
    // The fixture's trials spend the same CPU time on fewer operations, so CPU per operation regressed as well.
    expect(c.regressions.map((r) => `${r.style} ${r.figure}`)).toEqual(['async throughput', 'async cpu-per-op']);
  });

  it('does not fail the gate on a significant change smaller than the limit', () => {
    const tp = row(c, 'callback', 'throughput');
    expect(tp.verdict).toBe('worse');
    expect(tp.changePct).toBeGreaterThan(-5);
    expect(tp.regression).toBe(false);
  });

  it('marks a change within noise with ~', () => {
    const tp = row(c, 'raw', 'throughput');
    expect(tp.changePct).toBe(0);
    expect(tp.verdict).toBe('same');
    expect(tp.noise.verdict).toBe('within-noise');
    // Figures the trials share exactly (the fixtures' fixed p50) are compared and unchanged.
    expect(row(c, 'raw', 'p50').verdict).toBe('same');
  });

  it('compares CPU per operation and peak RSS when the trials carry them', () => {
    expect(row(c, 'raw', 'cpu-per-op').label).toBe('CPU µs/op');
    expect(row(c, 'raw', 'peak-rss').label).toBe('peak RSS MiB');
    // Same CPU time over 20% more operations: 1/1.2 of the CPU per operation.
    expect(row(c, 'fiber', 'cpu-per-op').changePct).toBeCloseTo((1 / 1.2 - 1) * 100, 9);
  });

  it('renders both tables with the named sides, the verdicts and the gate', () => {
    const md = renderComparisonMarkdown(c);
    expect(md).toContain('## Comparison: before → after');
    expect(md).toMatch(/\| style +\| figure +\| +before \| +after \| +change \|/);
    expect(md).toMatch(/\| async +\| msgs\/s +\| +80,000 ±\d+% \| +68,000 ±\d+% \| +−15\.0% \|.*\*\*worse: regression\*\* \|/);
    expect(md).toMatch(/\| raw +\| msgs\/s .*\| ~ +\|/);
    expect(md).toContain('**--fail-on-regression 5%: FAIL: 2 figures significantly worse by more than 5%: echo-1024 async msgs/s −15.0%; echo-1024 async CPU µs/op +17.6%**');
    const text = renderComparisonText(c);
    expect(text).toMatch(/^ {2}fiber +msgs\/s +50,000 ±\d+% +60,000 ±\d+% +\+20\.0% .*better$/m);
    expect(text).toContain('WORSE: REGRESSION');
    expect(text).not.toContain('|');
  });
});

describe('compareRuns with too few trials', () => {
  const a = runReport([echoGroup([cell('raw', [100, 101, 99]), cell('fiber', [100, 101, 99])])]);
  const b = runReport([echoGroup([cell('raw', [200, 201, 199]), cell('fiber', [50, 51, 49])])]);
  const c = compareRuns(a, b, { failOnRegressionPct: 5 });

  it('gives no verdict, however large the change, and says why', () => {
    const tp = row(c, 'fiber', 'throughput');
    expect(tp.changePct).toBeCloseTo(-50, 9);
    expect(tp.test.p).toBeCloseTo(0.1, 12);
    expect(tp.verdict).toBe('too-few-trials');
    expect(tp.regression).toBe(false);
    expect(c.warnings.join('\n')).toContain('too few trials (n=3+3) for the Mann–Whitney test to call any change significant at α=0.05: 4 or more trials a side are needed');
  });

  it('leaves the gate undecided rather than passing it', () => {
    expect(c.decision).toBe('undecided');
    expect(renderComparisonText(c)).toContain('--fail-on-regression 5%: undecided: no figure was found significantly worse, but 10 of 10 had too few trials');
  });

  it('shows a bootstrap interval for 3 trials and none for 2', () => {
    expect(row(c, 'raw', 'throughput').sides[0].method).toBe('bootstrap');
    const two = compareRuns(runReport([echoGroup([cell('raw', [100, 101])])]), runReport([echoGroup([cell('raw', [100, 101])])]));
    expect(row(two, 'raw', 'throughput').sides[0].method).toBe('not-computable');
    expect(renderComparisonText(two)).toMatch(/raw +msgs\/s +101 ±\? +101 ±\?/);
  });
});

describe('what cannot be compared', () => {
  it('lists cells missing or failed on one side, and warns of different parameters and machines', () => {
    const crashed = { style: 'async' as const, state: 'crashed' as const, message: 'boom', trials: [] };
    const a = runReport([echoGroup([cell('raw', [1, 2, 3, 4]), crashed]), echoGroup([cell('raw', [1, 2, 3, 4])], 10_240)]);
    const bGroup = echoGroup([cell('raw', [1, 2, 3, 4]), cell('async', [1, 2, 3, 4]), cell('py-asyncio', [1, 2, 3, 4])]);
    bGroup.setup = { scenario: 'echo', params: { connections: 10, size: 1024, durationMs: 300, maxMessagesPerConnection: 5_000_000 } };
    const b = runReport([bGroup], { cpuModel: 'Other CPU' });
    const c = compareRuns(a, b, { names: ['before', 'after'] });
    expect(c.unmatched).toEqual(['echo-1024 async: before crashed, after completed', 'echo-1024 py-asyncio: only in after', 'echo-10240: only in before']);
    expect(c.warnings.some((w) => w.startsWith('CPU differs (before: Test CPU × 2; after: Other CPU × 2)'))).toBe(true);
    expect(c.warnings.some((w) => w.startsWith('echo-1024: the parameters differ'))).toBe(true);
    expect(c.rows.every((r) => r.style === 'raw')).toBe(true);
    expect(c.decision).toBe('no-gate');
  });
});
