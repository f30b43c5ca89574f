import { defineConfig } from 'vitest/config';
import { meshTestProjects } from './packages/mesh-in-a-box/vitest.projects.js';

export default defineConfig({
  test: {
    projects: [
      // The mesh in a box's own tests (its unit and integration projects).
      ...meshTestProjects,
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 30_000 } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // The same shared mesh and real Prometheus as the package's integration tests (started once per project).
          globalSetup: ['packages/mesh-in-a-box/test/global-setup.ts'],
          testTimeout: 240_000,
          hookTimeout: 120_000,
          // The shared mesh is one process; suites that change it must not interleave their changes.
          fileParallelism: false,
          // The route handlers are called without X-Forwarded-For: every suite's logins and changes come from one
          // "unknown address", far faster than a person's. rate-limits.test.ts sets the limits it tests itself.
          env: { SEXTANT_LOGIN_LIMIT_PER_MINUTE: '100000', SEXTANT_WRITE_LIMIT_PER_MINUTE: '100000' },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // One mesh, one Prometheus and one built console (`next build` when stale) for every browser test.
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 300_000,
          // Two cores in CI: one Chromium at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
