// One demo-like stack shared by the browser tests: the mesh in a box, a real Prometheus scraping it, and the built
// console (`next build` once, when stale) reading both. Tests read its URLs with inject('e2e').
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildConsoleIfStale, startConsole, type ConsoleProcess } from '../../scripts/console-process.js';
import { freePort, startMeshWithPrometheus, type MeshWithPrometheus } from '@sextant/mesh-in-a-box';

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: { consoleUrl: string; kubeconfig: string; metricsUrl: string; jaegerUrl: string; prometheusUrl: string };
  }
}

/** How long the e2e Prometheus keeps samples; the time picker's test reads it back as "1 h 5 min". */
export const E2E_PROMETHEUS_RETENTION = '65m';

const ROOT = resolve(import.meta.dirname, '../..');
let stack: MeshWithPrometheus | undefined;
let consoleApp: ConsoleProcess | undefined;

export async function setup(project: TestProject): Promise<void> {
  const kubeconfig = join(mkdtempSync(join(tmpdir(), 'sextant-e2e-')), 'kubeconfig');
  const [, started] = await Promise.all([
    buildConsoleIfStale(ROOT, 'quiet'),
    // Its Prometheus keeps 65 minutes, as the mesh's own does: the time picker must offer only what it keeps.
    startMeshWithPrometheus({
      kubeconfig,
      args: ['--scenario', 'sentiment-analysis', '--seed', '7'],
      retention: E2E_PROMETHEUS_RETENTION,
    }),
  ]);
  stack = started;
  const { mesh, prometheus } = started;
  const metricsUrl = mesh.endpoints['metrics']!;
  consoleApp = await startConsole({
    root: ROOT,
    port: await freePort(),
    env: {
      KUBECONFIG: mesh.kubeconfig,
      PROMETHEUS_URL: prometheus.url,
      JAEGER_URL: mesh.endpoints['jaeger'],
      // A canary's test steps every few seconds (its Prometheus scrapes every second), below the console's 10 s floor.
      SEXTANT_CANARY_MIN_INTERVAL_SECONDS: '5',
      // Every browser test is a person on 127.0.0.1: the whole suite's changes come from one address, faster than
      // people make them. The login tests' own consoles (auth-console.ts) keep the defaults, and stay under them.
      SEXTANT_WRITE_LIMIT_PER_MINUTE: '100000',
      SEXTANT_LOGIN_LIMIT_PER_MINUTE: '100000',
    },
  });
  project.provide('e2e', {
    consoleUrl: consoleApp.url,
    kubeconfig: mesh.kubeconfig,
    metricsUrl,
    jaegerUrl: mesh.endpoints['jaeger']!,
    prometheusUrl: prometheus.url,
  });
}

export async function teardown(): Promise<void> {
  await consoleApp?.stop();
  await stack?.stop();
}
