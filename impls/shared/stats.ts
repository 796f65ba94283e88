import type { CoreStats } from '../contract.ts';

/** Adds up the statistics of several cores (one IOLoop or hub per job) into the one snapshot a driver reports. */
export function sumStats(cores: Iterable<{ stats(): CoreStats }>): CoreStats {
  const total: CoreStats = { living: 0, runnable: 0, timers: 0 };
  for (const core of cores) {
    const s = core.stats();
    total.living += s.living;
    total.runnable += s.runnable;
    total.timers += s.timers;
  }
  return total;
}
