/**
 * The runner turns a crashing, a hanging and a lying child into failed report rows, keeps going, and leaves no
 * process behind.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Runner, type ProgressEvent, type RunPlan } from '../harness/runner.ts';
import { URL_FETCH_DEFAULTS } from '../scenarios/url-fetch.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}-driver.ts`, import.meta.url));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('runner', () => {
  it('reports crashed, timed-out and invalid cells as rows, completes the healthy one, and leaves no child running', async () => {
    const plan: RunPlan = {
      styles: ['raw', 'callback', 'fiber', 'async'],
      groups: [{ scenario: 'url-fetch', params: { ...URL_FETCH_DEFAULTS, urls: 40, concurrency: 4 } }],
      trials: 2,
      warmupMs: 100,
      pin: false,
      driverOverrides: { callback: fixture('crashing'), fiber: fixture('hanging'), async: fixture('corrupting') },
      deadlines: { urlFetchTrialMs: 3000 },
    };
    const events: ProgressEvent[] = [];
    const runner = new Runner(plan, undefined, { onProgress: (e) => events.push(e) });
    const [group] = await runner.run();

    const byStyle = Object.fromEntries(group!.cells.map((c) => [c.style, c]));
    expect(byStyle.raw!.state).toBe('completed');
    expect(byStyle.raw!.trials).toHaveLength(2);
    expect(runner.described.raw?.description).toMatch(/plain Node/i); // asked of the style's own process

    expect(byStyle.callback).toMatchObject({ state: 'crashed', message: expect.stringContaining('exited with code 3') });
    expect(byStyle.callback!.state !== 'completed' && byStyle.callback!.stderrTail).toContain('fixture: about to crash');

    expect(byStyle.fiber).toMatchObject({ state: 'timeout', message: expect.stringContaining('did not answer') });

    expect(byStyle.async).toMatchObject({ state: 'invalid', message: expect.stringContaining('1 wrong bodies') });

    const spawned = events.flatMap((e) => (e.kind === 'spawned' && e.pid ? [e.pid] : []));
    expect(spawned.length).toBeGreaterThanOrEqual(5); // four style hosts and the target server
    expect(spawned.filter(isAlive)).toEqual([]);
  }, 30_000);

  it('stops between trials when aborted and marks the unfinished cells aborted', async () => {
    const controller = new AbortController();
    const plan: RunPlan = {
      styles: ['raw'],
      groups: [
        { scenario: 'url-fetch', params: { ...URL_FETCH_DEFAULTS, urls: 20, concurrency: 2 } },
        { scenario: 'url-fetch', params: { ...URL_FETCH_DEFAULTS, urls: 20, concurrency: 2, size: 2048 } },
      ],
      trials: 3,
      warmupMs: 100,
      pin: false,
    };
    const onProgress = (e: ProgressEvent): void => {
      if (e.kind === 'step' && e.label.includes('trial 1/3')) controller.abort();
    };
    const groups = await new Runner(plan, undefined, { signal: controller.signal, onProgress }).run();
    expect(groups[0]!.cells[0]).toMatchObject({ state: 'aborted' });
    expect(groups[0]!.cells[0]!.trials).toHaveLength(1); // the trial under way when the signal came was kept
    expect(groups[1]!.cells[0]).toMatchObject({ state: 'aborted', trials: [] });
  }, 30_000);

  it('reports a style host that dies before greeting as crashed, with what it printed', async () => {
    const plan: RunPlan = {
      styles: ['raw', 'async'],
      groups: [{ scenario: 'url-fetch', params: { ...URL_FETCH_DEFAULTS, urls: 10 } }],
      trials: 1,
      warmupMs: 100,
      pin: false,
      driverOverrides: { async: fixture('failing-to-load') },
    };
    const [group] = await new Runner(plan, undefined).run();
    const async = group!.cells.find((c) => c.style === 'async')!;
    expect(async).toMatchObject({ state: 'crashed', message: expect.stringContaining('exited with code 1') });
    expect(async.state !== 'completed' && async.stderrTail).toContain('fixture: this style cannot load');
    expect(group!.cells.find((c) => c.style === 'raw')!.state).toBe('completed');
  }, 30_000);

  it('turns a load side that cannot start into failed rows instead of a crash', async () => {
    const plan: RunPlan = {
      styles: ['raw'],
      groups: [{ scenario: 'url-fetch', params: { ...URL_FETCH_DEFAULTS, urls: 10 } }],
      trials: 1,
      warmupMs: 100,
      pin: false,
      host: '192.0.2.1', // not loopback: the target server refuses to listen there, so nothing is sent anywhere
    };
    const [group] = await new Runner(plan, undefined).run();
    expect(group!.cells[0]).toMatchObject({ state: 'errored', message: expect.stringContaining('the load side could not start') });
  }, 30_000);
});

