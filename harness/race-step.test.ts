/**
 * The race step asks each style's own process for its lost updates, without and with its lock; a style without
 * raceCounter and one that answers nonsense get rows that say so; no process is left behind.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RACE_DEFAULTS } from '../scenarios/race.ts';
import { isRunning } from '../test/processes.ts';
import { runRaceStep } from './race-step.ts';
import type { ProgressEvent } from './runner.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`../test/fixtures/${name}-driver.ts`, import.meta.url));

describe('race step', () => {
  it('gives every style of the run a row: measured, not written yet, or wrong', async () => {
    const events: ProgressEvent[] = [];
    const result = await runRaceStep({
      systems: ['raw', 'callback', 'fiber', 'py-gevent'],
      driverOverrides: { callback: fixture('without-race'), fiber: fixture('lying-race') },
      onProgress: (e) => events.push(e),
    });
    const expected = RACE_DEFAULTS.workers * RACE_DEFAULTS.increments;
    expect(result.params).toEqual(RACE_DEFAULTS);
    expect(result.rows.map((r) => r.style)).toEqual(['raw', 'callback', 'fiber']); // references have no race
    const [raw, callback, fiber] = result.rows;
    expect(raw).toMatchObject({ state: 'measured', unlocked: { expected }, locked: { expected, final: expected } });
    expect(raw!.state === 'measured' && raw!.unlocked.final).toBeLessThan(expected);
    expect(callback).toEqual({ style: 'callback', state: 'unavailable', message: 'the callback style has no raceCounter yet' });
    expect(fiber).toMatchObject({ state: 'invalid', message: expect.stringContaining(`"final":${expected + 7}`) });
    expect(events).toContainEqual({ kind: 'more-steps', count: 3 });
    const pids = events.flatMap((e) => (e.kind === 'spawned' && e.pid ? [e.pid] : []));
    expect(pids).toHaveLength(3);
    expect(pids.filter(isRunning)).toEqual([]);
  });

  it('does not start a style once the run is interrupted', async () => {
    const stop = new AbortController();
    stop.abort();
    const result = await runRaceStep({ systems: ['raw'], signal: stop.signal });
    expect(result.rows).toEqual([{ style: 'raw', state: 'aborted', message: "the run was interrupted before this style's race" }]);
  });
});
