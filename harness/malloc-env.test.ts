import { describe, expect, it } from 'vitest';
import { MALLOC_ENV, steadyMallocForChildren } from './malloc-env.ts';

describe('steady malloc for the processes under test', () => {
  it('sets fixed glibc thresholds for children, leaving a value the user set alone', () => {
    const saved = { ...process.env };
    try {
      delete process.env.MALLOC_TRIM_THRESHOLD_;
      process.env.MALLOC_MMAP_THRESHOLD_ = '12345';
      steadyMallocForChildren();
      expect(process.env.MALLOC_TRIM_THRESHOLD_).toBe(MALLOC_ENV.MALLOC_TRIM_THRESHOLD_);
      expect(process.env.MALLOC_MMAP_THRESHOLD_).toBe('12345');
    } finally {
      process.env = saved;
    }
  });
});
