/**
 * The heap sampler's figure for a trial: the least heap in the middle of it, when the connections are open, not the
 * heap before the first connection or after the last one closed.
 */
import { describe, expect, it } from 'vitest';
import { summarize } from './heap.ts';

describe('heap samples of a trial', () => {
  it('takes the least heap from the middle of the sampling, and the most from all of it', () => {
    // 10 MiB idle at the start and the end; 30 MiB while 10,000 connections are open, 26 just after a scavenge.
    const used = [10, 30, 34, 31, 26, 35, 28, 32, 33, 30, 29, 31, 12, 10];
    const samples = used.map((u, i) => ({ at: i * 50, used: u }));
    expect(summarize(samples)).toEqual({ leastMiB: 26, mostMiB: 35, samples: 14 });
  });

  it('falls back to every sample when there are too few for a middle, and says so with no sample at all', () => {
    expect(summarize([{ at: 0, used: 12 }])).toEqual({ leastMiB: 12, mostMiB: 12, samples: 1 });
    expect(summarize([])).toEqual({ leastMiB: 0, mostMiB: 0, samples: 0 });
  });
});
