/**
 * The scale measurements on a tiny count: every kind of every style parks, is measured in its own process and wakes;
 * the table has one row each, and says how each style parks a unit idly (or that it cannot).
 */
import { execa } from 'execa';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderScale } from '../report/scale.ts';
import { runScale } from './run.ts';
import type { ScaleResult, ScaleRow } from './types.ts';

const bin = fileURLToPath(new URL('../../bin/testbed.js', import.meta.url));

describe('scale of the styles\' units', () => {
  it('measures 1,000 units of each kind in a process of its own and renders one table across styles', async () => {
    const steps: string[] = [];
    const result = await runScale({ units: 1000, onStep: (s) => steps.push(s) });
    expect(result.failures).toEqual([]);
    expect(result.rows.map((r) => [r.system, r.kind, r.parks])).toEqual([
      ['raw', 'raw-promise', 'idle'],
      ['raw', 'raw-timer', 'timer'],
      ['callback', 'callback-future', 'idle'],
      ['callback', 'callback-timer', 'timer'],
      ['fiber', 'fiber-event', 'idle'],
      ['fiber', 'fiber-sleep', 'timer'],
      ['async', 'async-event', 'idle'],
    ]);
    expect(steps[4]).toBe('scale · fiber · 1,000 × greenlet waiting on one Event');
    for (const row of result.rows) {
      expect(row.count).toBe(1000);
      expect(row.createMs, row.kind).toBeGreaterThan(0);
      expect(row.wakeMs, row.kind).toBeGreaterThanOrEqual(0);
      // Each unit holds at least one object on the heap while parked, so 1,000 of them show after a collection.
      expect(row.heapBytesPerUnit, row.kind).toBeGreaterThan(8);
      expect(Number.isFinite(row.rssBytesPerUnit)).toBe(true);
      expect(row.firedEarly, row.kind).toBe(0);
    }
    const lines = renderScale(result).join('\n').split('\n');
    expect(lines[0]).toBe("## Scale of the styles' own units");
    const table = lines.filter((l) => l.startsWith('|'));
    expect(table[0]).toMatch(/^\| style\s+\| unit\s+\| parks with\s+\|\s+create all: ms \| heap B each \| RSS B each \| wake and finish all: ms \| note\s+\|$/);
    expect(table).toHaveLength(2 + 7);
    expect(table[6]).toMatch(/^\| fiber\s+\| greenlet waiting on one Event\s+\| its wait alone\s+\|\s+[\d.,]+ \([\d.,]+ µs each\) \|\s+[\d,]+ \|/);
    expect(lines).toContain('- **callback** parks a unit idly as: done callback on one shared Future.');
  }, 120_000);

  it('stops at a halt: the measurement under way is dropped, not reported as the style\'s failure, and none follows', async () => {
    const halt = new AbortController();
    const result = await runScale({ units: 1000, systems: ['raw', 'fiber', 'async'], halt: halt.signal, onStep: (s) => s.includes('fiber') && halt.abort() });
    expect(result.rows.map((r) => r.kind)).toEqual(['raw-promise', 'raw-timer']);
    expect(result.failures).toEqual([]);
  }, 60_000);

  it('says so of a style without an idle unit, notes timers that fired too early, and lists a failed measurement', () => {
    const row = (over: Partial<ScaleRow>): ScaleRow => ({
      system: 'callback', kind: 'callback-timer', unit: 'callLater timer', parks: 'timer', count: 10, createMs: 1, heapBytesPerUnit: 100, rssBytesPerUnit: 0, wakeMs: 1, firedEarly: 0, ...over,
    });
    const result: ScaleResult = {
      units: 10,
      rows: [row({}), row({ system: 'fiber', kind: 'fiber-sleep', unit: 'greenlet in sleep()', firedEarly: 3 })],
      failures: [{ system: 'async', kind: 'async-event', unit: 'task awaiting one Event', message: 'exited with 1: boom' }],
    };
    const lines = renderScale(result).join('\n').split('\n');
    expect(lines).toContain('- **callback** cannot park a unit here without a timer or a socket.');
    expect(lines.find((l) => l.startsWith('| fiber'))).toContain('3 fired before all were parked: memory too low');
    expect(lines).toContain('- **async** (task awaiting one Event): not measured: exited with 1: boom');
  });

  it('is a command: `testbed scale` prints the table, or JSON, for the styles asked', async () => {
    const r = await execa(process.execPath, [bin, 'scale', '--units', '1000', '--style', 'async', '--json'], { reject: false, timeout: 60_000 });
    expect(r.exitCode, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as ScaleResult;
    expect(json).toMatchObject({ units: 1000, failures: [], rows: [{ system: 'async', kind: 'async-event', count: 1000 }] });
    const bad = await execa(process.execPath, [bin, 'scale', '--style', 'py-gevent'], { reject: false, timeout: 60_000 });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain("unknown style 'py-gevent'; the scale measurements have: raw, callback, fiber, async");
  }, 60_000);
});
