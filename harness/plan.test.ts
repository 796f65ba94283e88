import { describe, expect, it } from 'vitest';
import { groupLabel } from './group-label.ts';
import { buildPlan, isDefaultSuite, parseLevelsOption, parseLoadPatternOption, parseSuite, requireNativeGenerator, UsageError } from './plan.ts';

describe('isDefaultSuite', () => {
  it('is true for no options, and for options that spell out the defaults', () => {
    expect(isDefaultSuite({})).toBe(true);
    expect(isDefaultSuite({ pin: true, trials: 3 })).toBe(true);
  });

  it('is false for a smoke run, a narrower run or an unpinned one', () => {
    expect(isDefaultSuite({ quick: true })).toBe(false);
    expect(isDefaultSuite({ scenario: ['echo'] })).toBe(false);
    expect(isDefaultSuite({ size: [1024] })).toBe(false);
    expect(isDefaultSuite({ trials: 1 })).toBe(false);
    expect(isDefaultSuite({ pin: false })).toBe(false);
  });
});

describe('suites', () => {
  it('--suite default is what no options give, and is the default suite', () => {
    expect(buildPlan({ suite: 'default' })).toEqual(buildPlan({}));
    expect(isDefaultSuite({ suite: 'default' })).toBe(true);
  });

  it('--suite full adds the sweeps and the scale measurements to the default suite\'s scenarios, references included', () => {
    const full = buildPlan({ suite: 'full' });
    expect(isDefaultSuite({ suite: 'full' })).toBe(false);
    const scenarios = new Set(full.groups.map((g) => (g.sweep ? `${g.sweep.kind}-sweep` : g.scenario)));
    expect([...scenarios]).toEqual(['url-fetch', 'echo', 'cpu', 'echo-sweep', 'url-fetch-sweep']);
    expect(full.faults).toBe(true);
    expect(full.scale).toEqual({ units: 100_000 });
    expect(full.styles).toContain('py-gevent');
    const defaults = buildPlan({});
    expect(defaults.scale).toBeUndefined();
    expect(defaults.groups.some((g) => g.sweep)).toBe(false);
  });

  it('times trials by suite: short in the default suite, 2 s in the full suite and with --scenario, --duration over all', () => {
    const durations = (plan: ReturnType<typeof buildPlan>): number[] => [...new Set(plan.groups.map((g) => ('durationMs' in g.params ? g.params.durationMs : -1)).filter((d) => d > 0))];
    expect(durations(buildPlan({}))).toEqual([1000]);
    expect(buildPlan({}).warmupMs).toBe(500);
    expect(durations(buildPlan({ suite: 'full' }))).toEqual([2000]);
    expect(buildPlan({ suite: 'full' }).warmupMs).toBe(1000);
    expect(durations(buildPlan({ scenario: ['echo', 'cpu'] }))).toEqual([2000]);
    expect(durations(buildPlan({ duration: 3, warmup: 0.25 }))).toEqual([3000]);
    expect(buildPlan({ duration: 3, warmup: 0.25 }).warmupMs).toBe(250);
  });

  it('refuses --suite with --scenario, and a suite it does not know', () => {
    expect(() => buildPlan({ suite: 'full', scenario: ['echo'] })).toThrow(/--suite and --scenario cannot be combined.*full: url-fetch, echo, cpu, race, faults, echo-sweep/);
    expect(() => parseSuite('huge')).toThrow("unknown suite 'huge'; suites are: default, full");
  });
});

describe('concurrency sweep parameters', () => {
  it('runs echo at 1 to 10,000 connections and url-fetch at 1 to 1,000 in flight, 1 KiB, each level a tagged group', () => {
    const plan = buildPlan({ scenario: ['echo-sweep', 'url-fetch-sweep'], duration: 0.5, urls: 500 });
    expect(plan.groups.map((g) => [g.scenario, g.sweep?.level, g.scenario === 'url-fetch' ? g.params.concurrency : g.params.connections])).toEqual([
      ['echo', 1, 1],
      ['echo', 10, 10],
      ['echo', 100, 100],
      ['echo', 1000, 1000],
      ['echo', 10_000, 10_000],
      ['url-fetch', 1, 1],
      ['url-fetch', 10, 10],
      ['url-fetch', 100, 100],
      ['url-fetch', 1000, 1000],
    ]);
    expect(plan.groups[0]).toMatchObject({ sweep: { kind: 'echo', size: 1024, level: 1 }, params: { size: 1024, durationMs: 500 } });
    expect(plan.groups[5]).toMatchObject({ sweep: { kind: 'url-fetch', size: 1024, level: 1 }, params: { urls: 500, size: 1024 } });
  });

  it('takes --levels and --size for both sweeps, one sweep per size', () => {
    const plan = buildPlan({ scenario: ['echo-sweep'], levels: [2, 20], size: [64, 2048] });
    expect(plan.groups.map((g) => [g.sweep?.size, g.sweep?.level])).toEqual([
      [64, 2],
      [64, 20],
      [2048, 2],
      [2048, 20],
    ]);
  });

  it('parses --levels into ascending distinct levels, and says what is wrong with a bad list', () => {
    expect(parseLevelsOption('100, 1,10,10')).toEqual([1, 10, 100]);
    expect(parseLevelsOption('10_000')).toEqual([10_000]);
    expect(() => parseLevelsOption('1,ten')).toThrow("--levels must be whole numbers separated by commas, like 1,10,100, got '1,ten'");
    expect(() => parseLevelsOption('0,5')).toThrow('--levels must each be between 1 and 10,000, got 0');
    expect(() => parseLevelsOption('20000')).toThrow('--levels must each be between 1 and 10,000, got 20000');
    expect(() => parseLevelsOption('')).toThrow(UsageError);
  });

  it('refuses options that the run\'s scenarios would ignore', () => {
    expect(() => buildPlan({ scenario: ['echo'], levels: [1] })).toThrow('--levels sets the levels of a concurrency sweep; the run has none (add --scenario echo-sweep or url-fetch-sweep)');
    expect(() => buildPlan({ scenario: ['url-fetch'], rate: 1000 })).toThrow('--rate runs the echo groups in open loop; the run has none (add --scenario echo)');
    expect(() => buildPlan({ scenario: ['echo'], units: 1000 })).toThrow('--units sets how many units the scale scenario parks; the run has none (add --scenario scale)');
  });
});

describe('open loop in the plan', () => {
  it('puts --rate on the echo groups only, and names it in their ids', () => {
    const plan = buildPlan({ scenario: ['echo', 'echo-sweep', 'cpu'], rate: 5000, levels: [1], size: [1024] });
    const echo = plan.groups.filter((g) => g.scenario === 'echo');
    expect(echo.map((g) => [g.sweep ? 'sweep' : 'echo', g.scenario === 'echo' && g.params.openLoopRate])).toEqual([
      ['echo', 5000],
      ['sweep', undefined],
    ]);
    expect(groupLabel(echo[0]!)).toEqual({ id: 'echo-1024-rate5000', title: 'echo — 1 KiB messages, 10 connections, open loop at 5,000 msgs/s' });
    expect(groupLabel(echo[1]!)).toEqual({ id: 'echo-sweep-1024-c1', title: 'echo sweep — 1 KiB messages, 1 connections' });
  });

  it('stops before measuring, saying why, when only the Node load generator can run', () => {
    const plan = buildPlan({ scenario: ['echo'], rate: 5000 });
    const node = { kind: 'node' as const, detail: 'Node (harness/load/echo-load.ts), because the native generator cannot run: not built' };
    expect(() => requireNativeGenerator(plan, node)).toThrow(
      '--rate (open loop) needs the native echo load generator, and this run would use the Node (harness/load/echo-load.ts), because the native generator cannot run: not built',
    );
    expect(() => requireNativeGenerator(buildPlan({ scenario: ['echo'] }), node)).not.toThrow();
    expect(() => requireNativeGenerator(plan, { kind: 'native', detail: 'native' })).not.toThrow();
  });
});

describe('load patterns in the plan', () => {
  it('runs each echo size once per load pattern, the patterns of a size side by side, each named in id and title', () => {
    const loadPattern = ['one-write', 'writes-16k', 'one-write'].map(parseLoadPatternOption);
    const plan = buildPlan({ scenario: ['echo'], size: [1024, 102400], loadPattern });
    expect(plan.groups.map((g) => groupLabel(g).id)).toEqual(['echo-1024-one-write', 'echo-1024-writes-16k', 'echo-102400-one-write', 'echo-102400-writes-16k']);
    expect(groupLabel(plan.groups[1]!).title).toBe('echo — 1 KiB messages, 10 connections, load pattern writes-16k');
    expect(plan.groups[1]!.scenario === 'echo' && plan.groups[1]!.params.loadPattern).toEqual({ name: 'writes-16k', writeChunkBytes: 16384, readBufferBytes: 65536 });
  });

  it('refuses a pattern it cannot read, one without an echo group, and one the Node load generator would have to run', () => {
    expect(() => parseLoadPatternOption('writes-0')).toThrow("--load-pattern: a load pattern's size must be between 1 byte and");
    expect(() => parseLoadPatternOption('big-writes')).toThrow("--load-pattern: 'big-writes' is not a load pattern: use one-write, writes-<size>");
    expect(() => buildPlan({ scenario: ['url-fetch'], loadPattern: [parseLoadPatternOption('reads-4k')] })).toThrow('--load-pattern sets how the echo load generator writes and reads; the run has no echo group (add --scenario echo)');
    const node = { kind: 'node' as const, detail: 'Node (harness/load/echo-load.ts)' };
    expect(() => requireNativeGenerator(buildPlan({ scenario: ['echo'], loadPattern: [parseLoadPatternOption('reads-4k')] }), node)).toThrow('--load-pattern needs the native echo load generator, and this run would use the Node (harness/load/echo-load.ts)');
  });
});

describe('buildPlan', () => {
  it('runs the race after the groups, as a step of its own, in the default suite and when asked for alone', () => {
    expect(buildPlan({}).race).toBe(true);
    const alone = buildPlan({ scenario: ['race'] });
    expect(alone).toMatchObject({ race: true, groups: [] });
    expect(alone.faults).toBeUndefined();
    expect(buildPlan({ scenario: ['echo'] }).race).toBeUndefined();
  });
});
