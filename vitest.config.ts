import { defineConfig } from 'vitest/config';

const ASYNC_TESTS = 'impls/async/**/*.test.ts';

export default defineConfig({
  test: {
    // Tests open real loopback sockets and spawn child processes; a small pool keeps the 2-core machine responsive.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 20_000,
    projects: [
      { extends: true, test: { name: 'all', include: ['**/*.test.ts'], exclude: ['node_modules/**'] } },
      // The async style's tests again on its fallback task context (AsyncLocalStorage), which machines without the
      // addon, and Node 22+, use: both mechanisms must give the same semantics.
      { extends: true, test: { name: 'async on async_hooks', include: [ASYNC_TESTS], env: { TESTBED_ASYNC_CONTEXT: 'async_hooks' } } },
    ],
  },
});
