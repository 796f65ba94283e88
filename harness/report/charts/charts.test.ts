import * as hdr from 'hdr-histogram-js';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cell, echoGroup, runReport } from '../../../test/fixtures/run-reports.ts';
import type { FaultRow } from '../../faults/classify.ts';
import type { FaultMatrixResult } from '../../faults/matrix.ts';
import type { CellResult } from '../../results.ts';
import { faultGridSpec, faultOutcome } from './faults.ts';
import { latencyPoints, latencySpec, type TrialWithHistogram } from './latency.ts';
import { renderSvg } from './render.ts';
import { offloadSpec, sweepSpec, type OffloadPoint, type SweepPoint } from './sweeps.ts';
import { throughputRows, throughputSpec } from './throughput.ts';
import { chartMarkdown, writeCharts } from './write.ts';

/** Every piece of text a person sees in the SVG: titles, axis titles and labels, legend entries. */
function svgTexts(svg: string): string[] {
  const decode = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, '&');
  return [...svg.matchAll(/<(text|tspan)[^>]*>([^<]*)</g)].map((m) => decode(m[2]!)).filter((t) => t.trim() !== '');
}

async function render(spec: Parameters<typeof renderSvg>[0]): Promise<string[]> {
  const { svg, warnings } = await renderSvg(spec);
  expect(warnings).toEqual([]);
  expect(svg.startsWith('<svg')).toBe(true);
  return svgTexts(svg);
}

const lat = (p50: number, p99: number, max: number, count = 250_000) => ({ latency: { p50, p90: p50 * 1.5, p99, p999: p99 * 2, max, count } });
const group = echoGroup([
  cell('raw', [127_000, 120_000, 131_000, 125_000, 129_000, 126_000], lat(0.07, 0.29, 5.4)),
  cell('callback', [128_000, 122_000, 130_000], lat(0.08, 0.16, 14)),
  cell('fiber', [115_000], lat(0.07, 0.29, 10)),
  { style: 'async', state: 'crashed', message: 'exit 7', trials: [] },
  cell('py-asyncio', [61_000, 59_000, 63_000], lat(0.2, 0.9, 20, 600)),
]);

function faultRow(patch: Partial<FaultRow>): FaultRow {
  return {
    surfaced: 'raised', form: ['HTTPError'], kinds: ['http-500'], logged: false, logSummary: [], processAlive: true, exitCode: 0, signal: undefined, callerHung: false,
    siblingsCompleted: 4, siblingsCancelled: 0, finallyRan: 5, childrenStarted: 5, leaked: { children: 0, requestsOpen: 0 }, detectMs: 3,
    errors: { injected: 1, reachedCaller: 1, onlyLogged: 0, vanished: 0 }, notes: [], ...patch,
  };
}
const lost = { surfaced: 'none' as const, form: [], errors: { injected: 1, reachedCaller: 0, onlyLogged: 0, vanished: 1 } };
const faults: FaultMatrixResult = {
  rows: [
    { system: 'fiber', systemKind: 'style', case: 'http-500', idiom: 'get', row: faultRow({}), events: [], wallMs: 1 },
    { system: 'fiber', systemKind: 'style', case: 'http-500', idiom: 'joinall', row: faultRow(lost), events: [], wallMs: 1 },
    { system: 'py-gevent', systemKind: 'reference', case: 'http-500', idiom: 'joinall', row: faultRow({ ...lost, errors: { injected: 1, reachedCaller: 0, onlyLogged: 1, vanished: 0 } }), events: [], wallMs: 1 },
    { system: 'async', systemKind: 'style', case: 'deadlock', idiom: 'gather', row: faultRow({ surfaced: 'none', callerHung: true }), events: [], wallMs: 1 },
  ],
  echoAttack: [],
  failedSystems: [],
  interrupted: false,
};

const sweep: SweepPoint[] = ['raw', 'py-asyncio'].flatMap((system) => [1, 10, 100].map((connections) => ({ system, connections, opsPerSec: 1000 * connections, opsLow: 900 * connections, opsHigh: 1100 * connections, p99Ms: 0.1 * connections })));
const offload: OffloadPoint[] = (['inline', 'offloaded'] as const).flatMap((mode) => [0.1, 1, 10].map((w) => ({ system: 'async', mode, cpuMsPerRequest: w, opsPerSec: 1000 / w, p99Ms: w * 10, loopDelayP99Ms: mode === 'inline' ? w : 0.5 })));

describe('each chart names its axes with units, its series and its legend', () => {
  it('(a) throughput: bars per system, references marked, the interval or why there is none', async () => {
    const texts = await render(throughputSpec(group));
    expect(texts).toEqual(expect.arrayContaining([
      'Throughput — echo — 1 KiB messages, 10 connections',
      'throughput (msgs/s, median of trials)', 'system',
      'raw', 'callback', 'fiber', 'async', 'py-asyncio (reference)',
      'kind', 'testbed style', 'reference: the real Python system',
      '115,000 (1 trial: no interval)', 'crashed: no figures',
    ]));
  });

  it('(a) throughput with no interval anywhere (one trial each) draws bars alone, without warnings', async () => {
    const texts = await render(throughputSpec(echoGroup([cell('raw', [1000]), cell('fiber', [900])])));
    expect(texts).toContain('900 (1 trial: no interval)');
    expect(texts).not.toContain('reference: the real Python system'); // no legend entry for what is not drawn
  });

  it('(b) latency: percentile curves per system on a nines axis, ms on a log axis', async () => {
    const texts = await render(latencySpec(group));
    expect(texts).toEqual(expect.arrayContaining([
      'percentile of operations (log scale of 1/(1 − p))', 'latency (ms, log scale)',
      '50%', '90%', '99%', '99.9%',
      'system', 'raw', 'callback', 'fiber', 'py-asyncio (reference)', 'kind', 'testbed style', 'reference: the real Python system',
    ]));
    expect(texts).not.toContain('async'); // crashed: no curve, no legend entry
  });

  it('(c) fault matrix: cases by systems, coloured by outcome, idioms named', async () => {
    const texts = await render(faultGridSpec(faults));
    expect(texts).toEqual(expect.arrayContaining([
      'system', 'fault case', 'http-500', 'deadlock', 'fiber', 'async', 'py-gevent (reference)',
      'the injected error', 'raised', 'as value', 'only logged', 'vanished', 'crashed', 'hung',
      'get', 'joinall', 'gather',
    ]));
  });

  it('(d) concurrency sweep: throughput and p99 against connections on a log axis', async () => {
    const texts = await render(sweepSpec(sweep, { title: 'Echo sweep', unit: 'msgs/s' }));
    expect(texts).toEqual(expect.arrayContaining(['Echo sweep', 'connections (log scale)', 'throughput (msgs/s)', 'p99 latency (ms, log scale)', 'raw', 'py-asyncio (reference)', 'kind']));
  });

  it('(d) concurrency sweep without intervals draws lines alone, without warnings', async () => {
    const bare = sweep.map(({ opsLow: _l, opsHigh: _h, ...p }) => p);
    expect(await render(sweepSpec(bare, { title: 'Echo sweep', unit: 'msgs/s' }))).toContain('connections (log scale)');
  });

  it('(e) inline vs offloaded: throughput, p99 and loop delay against CPU work per request', async () => {
    const texts = await render(offloadSpec(offload, { title: 'CPU work', unit: 'URLs/s' }));
    expect(texts).toEqual(expect.arrayContaining([
      'CPU work per request (ms, log scale)', 'throughput (URLs/s)', 'p99 latency (ms, log scale)', 'event-loop delay p99 (ms, log scale)',
      'async', 'where the work ran', 'inline', 'offloaded',
    ]));
  });

  it('(e) with one amount of CPU work, each system is a line from inline to offloaded, not a column of points', async () => {
    const one = offload.filter((p) => p.cpuMsPerRequest === 1).map((p) => ({ ...p, cpuMsPerRequest: 5 }));
    const texts = await render(offloadSpec(one, { title: 'CPU work', unit: 'requests/s' }));
    expect(texts).toEqual(expect.arrayContaining(['where the 5 ms of CPU work per request ran', 'inline', 'offloaded', 'throughput (requests/s)', 'event-loop delay p99 (ms, log scale)', 'async']));
    expect(texts).not.toContain('CPU work per request (ms, log scale)');
  });
});

describe('what the charts draw', () => {
  it('throughput rows: order statistics from 6 trials, a flagged bootstrap from 3, nothing from 1', () => {
    const [raw, callback, fiber, crashed] = throughputRows(group);
    expect([raw!.low, raw!.high, raw!.median]).toEqual([120_000, 131_000, 126_500]);
    expect(callback!.text).toBe('128,000 ±5% (3 trials, approx.)');
    expect([fiber!.low, fiber!.high]).toEqual([null, null]);
    expect(crashed!.median).toBeNull();
  });

  it('latency points: medians across trials, no percentile a trial was too short for, max at 1 − 1/operations', () => {
    const c: CellResult = { style: 'raw', state: 'completed', trials: [cell('raw', [1], lat(0.1, 1, 5, 600)).trials[0]!, cell('raw', [1], lat(0.3, 3, 9, 400)).trials[0]!] };
    const pts = latencyPoints(c);
    // p99.9 needs 1,000 operations in each trial: 400 is too few, so that point would only repeat the max.
    expect(pts.map((p) => p.at)).toEqual(['p50', 'p90', 'p99', 'max']);
    expect(pts.find((p) => p.at === 'p50')!.ms).toBeCloseTo(0.2, 12);
    const max = pts.find((p) => p.at === 'max')!;
    expect(max.ms).toBe(9);
    expect(max.nines).toBeCloseTo(3, 12); // 1,000 operations in all
  });

  it('latency points from a whole HdrHistogram when every trial carries one', () => {
    const h = hdr.build({ bitBucketSize: 'packed', lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3, useWebAssembly: false });
    for (let us = 1; us <= 100_000; us++) h.recordValue(us); // 1 µs … 100 ms, uniformly
    const encoded = hdr.encodeIntoCompressedBase64(h);
    h.destroy();
    const base = cell('async', [1], lat(1, 1, 1, 100_000)).trials[0]!;
    const trial: TrialWithHistogram = { ...base, latencyHistogram: encoded };
    const pts = latencyPoints({ style: 'async', state: 'completed', trials: [trial] });
    // 100,000 operations: p99.999 would be the max itself, so it is left to the max point.
    expect(pts.map((p) => p.at)).toEqual(['p50', 'p75', 'p90', 'p95', 'p99', 'p99.5', 'p99.9', 'p99.95', 'p99.99', 'p99.995', 'max']);
    expect(pts[0]!.ms).toBeCloseTo(50, 0);
    expect(pts.find((p) => p.at === 'p99')!.ms).toBeCloseTo(99, 0);
    expect(pts[pts.length - 1]!.ms).toBeCloseTo(100, 0);
  });

  it('a fault row takes its worst outcome', () => {
    expect(faultOutcome(faultRow({ processAlive: false }))).toBe('crashed');
    expect(faultOutcome(faultRow({ callerHung: true, surfaced: 'none' }))).toBe('hung');
    expect(faultOutcome(faultRow({}))).toBe('raised');
    expect(faultOutcome(faultRow({ surfaced: 'error-value' }))).toBe('as value');
    expect(faultOutcome(faultRow({ ...lost, errors: { injected: 1, reachedCaller: 0, onlyLogged: 1, vanished: 0 } }))).toBe('only logged');
    expect(faultOutcome(faultRow(lost))).toBe('vanished');
    expect(faultOutcome(faultRow({ surfaced: 'none', errors: { injected: 0, reachedCaller: 0, onlyLogged: 0, vanished: 0 } }))).toBe('no error injected');
    expect(faultOutcome(faultRow({ unsupported: 'no such idiom' }))).toBe('not run');
  });

  it('refuses points a log axis cannot place, saying which', () => {
    expect(() => sweepSpec([{ ...sweep[0]!, connections: 0 }], { title: 't', unit: 'msgs/s' })).toThrow('concurrency sweep: point 0 has connections = 0; a log axis needs a positive number');
    expect(() => offloadSpec([], { title: 't', unit: 'URLs/s' })).toThrow('no points');
  });
});

describe('writeCharts', () => {
  let dir = '';
  afterAll(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

  it('writes the SVGs beside the report and returns their relative paths with alt texts', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'testbed-charts-'));
    const empty = echoGroup([{ style: 'raw', state: 'crashed', message: 'x', trials: [] }], 10_240);
    const report = runReport([group, empty]);
    const charts = await writeCharts(report, dir, { faults, sweeps: [{ id: 'echo sweep', title: 'Echo sweep', unit: 'msgs/s', points: sweep }], offload: [{ id: 'cpu', title: 'CPU work', unit: 'URLs/s', points: offload }] });
    const stampDir = '2026-11-22T01-00-00-000Z-charts';
    expect(charts.map((c) => c.path)).toEqual([
      `${stampDir}/throughput-echo-1024.svg`, `${stampDir}/latency-echo-1024.svg`, `${stampDir}/faults.svg`, `${stampDir}/sweep-echo-sweep.svg`, `${stampDir}/offload-cpu.svg`,
    ]);
    for (const c of charts) {
      expect((await readFile(path.join(dir, c.path), 'utf8')).startsWith('<svg')).toBe(true);
      expect(c.warnings).toEqual([]);
    }
    expect(charts[0]!.alt).toContain('py-asyncio (reference) 61,000 ±3% (3 trials, approx.)');
    expect(charts[2]!.alt).toContain('fiber: 1 raised, 1 vanished');
  });

  it('links a chart as a markdown image with its alt text escaped', () => {
    expect(chartMarkdown({ path: 'a b/x.svg', title: 't', alt: 'bars [a] and\nb', warnings: [] })).toBe('![bars \\[a\\] and b](a%20b/x.svg)');
  });
});
