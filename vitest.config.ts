import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 30_000 } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 240_000,
          hookTimeout: 120_000,
          // The shared mesh is one process; suites that change it must not interleave their changes.
          fileParallelism: false,
        },
      },
    ],
  },
});
