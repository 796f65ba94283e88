/** The sweep's table and chart data: levels gathered per sweep, memory per connection, load side CPU, fd limits. */
import { describe, expect, it } from 'vitest';
import { cell, echoTrial, runReport } from '../../test/fixtures/run-reports.ts';
import type { CellResult, GroupResult } from '../results.ts';
import type { SweepMemory } from '../sweep/types.ts';
import { chartExtrasOf } from './chart-data.ts';
import { renderMarkdown } from './markdown.ts';
import { memoryPerUnit, sweepsOf } from './sweep.ts';

const memory = (over: Partial<SweepMemory> = {}): SweepMemory => ({
  idleRssMiB: 100,
  peakRssMiB: 110,
  peakIsTrialOnly: true,
  idleHeapMiB: 10,
  heapLeastMiB: 12,
  heapMostMiB: 30,
  heapSamples: 40,
  ...over,
});

function withMemory(c: CellResult, m: SweepMemory): CellResult {
  return { ...c, trials: c.trials.map((t) => ({ ...t, memory: m })) };
}

function echoLevel(level: number, cells: CellResult[]): GroupResult {
  return {
    id: `echo-sweep-1024-c${level}`,
    title: `echo sweep — 1 KiB messages, ${level} connections`,
    setup: { scenario: 'echo', params: { connections: level, size: 1024, durationMs: 2000, maxMessagesPerConnection: 5_000_000 }, sweep: { kind: 'echo', size: 1024, level } },
    cells,
  };
}

describe('concurrency sweep report', () => {
  const level1000 = echoLevel(1000, [
    withMemory(cell('raw', [50_000, 52_000, 51_000]), memory()),
    withMemory(cell('py-asyncio', [20_000, 21_000, 22_000]), memory({ idleRssMiB: 20, peakRssMiB: 25, idleHeapMiB: null, heapLeastMiB: null, heapMostMiB: null, heapSamples: 0 })),
  ]);
  const level10 = echoLevel(10, [withMemory(cell('raw', [40_000, 41_000, 42_000]), memory()), withMemory(cell('py-asyncio', [30_000, 30_000, 30_000]), memory())]);
  const level10k = echoLevel(10_000, [
    { style: 'raw', state: 'unavailable', message: 'could not serve 10,000 connections: raw style host may open 1024 files', trials: [] },
    { style: 'py-asyncio', state: 'completed', trials: [{ ...echoTrial({ opsPerSec: 9000 }), load: { ...echoTrial({ opsPerSec: 1 }).process, cpuPercent: 95 } }] },
  ]);
  // Levels out of order in the run: the table is ascending.
  const report = runReport([level1000, level10, level10k], { fdLimit: { needed: 10_064, soft: 1024, hard: 4096, problem: 'the testbed may open 1024 files (RLIMIT_NOFILE soft 1024, hard 4096) and needs about 10064.' } });
  const md = renderMarkdown(report);
  const rows = md.split('\n').filter((l) => /^\|\s+[\d,]+ \|/.test(l));

  it('gathers the levels of a sweep into one table, ascending, instead of a table per level', () => {
    expect(sweepsOf(report).map((s) => [s.id, s.levels.map((l) => l.level)])).toEqual([['echo-1024', [10, 1000, 10_000]]]);
    expect(md).toContain('## Concurrency sweep — echo, 1 KiB messages');
    expect(md).not.toContain('## echo sweep');
    expect(rows.map((r) => r.split('|').slice(1, 3).map((c) => c.trim()))).toEqual([
      ['10', 'raw'],
      ['10', 'py-asyncio'],
      ['1,000', 'raw'],
      ['1,000', 'py-asyncio'],
      ['10,000', 'raw'],
      ['10,000', 'py-asyncio'],
    ]);
  });

  it('divides the memory a level added by its connections: RSS for every row, the heap for styles only', () => {
    // (110 - 100) MiB over 1,000 connections = 10.24 KiB; heap (12 - 10) MiB = 2.05 KiB.
    expect(memoryPerUnit(level1000.cells[0]!, 1000)).toEqual({ idleRssMiB: 100, rssMiB: 10, rssKiB: 10.24, heapMiB: 2, heapKiB: 2.048 });
    expect(memoryPerUnit(level1000.cells[1]!, 1000)).toEqual({ idleRssMiB: 20, rssMiB: 5, rssKiB: 5.12, heapMiB: null, heapKiB: null });
    expect(rows[2]).toMatch(/\|\s+1,000 \| raw\s+\| ok\s+\|\s+51,000 ±\d+% \|[^|]+\|[^|]+\|\s+100\.0 \|\s+10\.2 \|\s+2\.05 \|\s+60 \|/);
  });

  it('calls a change in all below the noise floor, or a fall, below noise instead of dividing it', () => {
    // py-asyncio: 5 MiB of RSS in all, under the 8 MiB floor.
    expect(rows[3]).toMatch(/\| py-asyncio \|[^|]+\|[^|]+\|[^|]+\|[^|]+\|\s+20\.0 \|\s+\*below noise\* \|\s+n\/a \|/);
    const fell = echoLevel(1, [withMemory(cell('callback', [15_000, 16_000, 17_000]), memory({ peakRssMiB: 90, heapLeastMiB: 10.5 }))]);
    const row = renderMarkdown(runReport([fell])).split('\n').find((l) => /^\|\s+1 \| callback/.test(l));
    expect(row).toMatch(/\|\s+100\.0 \|\s+\*below noise\* \|\s+\*below noise\* \|/);
  });

  it('shows a level a host could not serve as such, the load side\'s CPU at every level, and the fd limit\'s problem', () => {
    expect(rows[4]).toMatch(/\|\s+10,000 \| raw\s+\| \*\*unavailable\*\* \|/);
    expect(rows[5]).toMatch(/\|\s+95 \(saturated\) \|$/);
    expect(md).toContain('> **File descriptors**: the testbed may open 1024 files');
    expect(md).toContain('- **raw** on echo sweep — 1 KiB messages, 10000 connections: unavailable — could not serve 10,000 connections');
  });

  it('hands the sweep chart its points: one per level and system with figures, with the interval where there is one', () => {
    const sweeps = chartExtrasOf(report).sweeps!;
    expect(sweeps.map((s) => [s.id, s.title, s.unit])).toEqual([['echo-1024', 'Concurrency sweep — echo, 1 KiB messages', 'msgs/s']]);
    expect(sweeps[0]!.points.map((p) => [p.system, p.connections, p.opsPerSec])).toEqual([
      ['raw', 10, 41_000],
      ['py-asyncio', 10, 30_000],
      ['raw', 1000, 51_000],
      ['py-asyncio', 1000, 21_000],
      ['py-asyncio', 10_000, 9000],
    ]);
    expect(sweeps[0]!.points[0]).toMatchObject({ opsLow: 40_000, opsHigh: 42_000, p99Ms: 0.5 });
  });
});
