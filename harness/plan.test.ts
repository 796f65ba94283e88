import { describe, expect, it } from 'vitest';
import { buildPlan, isDefaultSuite } from './plan.ts';

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

describe('buildPlan', () => {
  it('runs the race after the groups, as a step of its own, in the default suite and when asked for alone', () => {
    expect(buildPlan({}).race).toBe(true);
    const alone = buildPlan({ scenario: ['race'] });
    expect(alone).toMatchObject({ race: true, groups: [] });
    expect(alone.faults).toBeUndefined();
    expect(buildPlan({ scenario: ['echo'] }).race).toBeUndefined();
  });
});
