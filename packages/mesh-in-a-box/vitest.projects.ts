// The package's test projects. Its own vitest.config.ts runs them, and so does the root's `npm test` (Vitest does not
// nest projects, so the root lists these instead of pointing at this package's config).
import type { TestProjectConfiguration } from 'vitest/config';

const root = import.meta.dirname;

export const meshTestProjects: TestProjectConfiguration[] = [
  { test: { name: 'mesh-unit', root, include: ['test/unit/**/*.test.ts'], testTimeout: 30_000 } },
  {
    test: {
      name: 'mesh-integration',
      root,
      include: ['test/integration/**/*.test.ts'],
      // One mesh process and one real Prometheus scraping it, shared by every file.
      globalSetup: ['test/global-setup.ts'],
      testTimeout: 240_000,
      hookTimeout: 120_000,
      // The shared mesh is one process; suites that change it must not interleave their changes.
      fileParallelism: false,
    },
  },
];
