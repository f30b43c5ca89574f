// One mesh in a box and one real Prometheus scraping it, shared by every integration test that only reads from it
// or that changes it in ways other tests tolerate. Tests read their URLs with inject('mesh') / inject('prometheus').
import type { TestProject } from 'vitest/node';
import { startMeshWithPrometheus, type MeshWithPrometheus } from '@sextant/mesh-in-a-box';

declare module 'vitest' {
  export interface ProvidedContext {
    mesh: { endpoints: Record<string, string>; kubeconfig: string; startedAtMs: number };
    prometheus: { url: string };
  }
}

let started: MeshWithPrometheus | undefined;

export async function setup(project: TestProject): Promise<void> {
  // Twenty times the scenario's traffic, in quarter-second ticks, keeps the statistical checks tight within a minute of data.
  started = await startMeshWithPrometheus({
    args: ['--scenario', 'sentiment-analysis', '--traffic-scale', '20', '--tick-ms', '250', '--seed', '42'],
  });
  const { mesh, prometheus, startedAtMs } = started;
  project.provide('mesh', { endpoints: mesh.endpoints, kubeconfig: mesh.kubeconfig, startedAtMs });
  project.provide('prometheus', { url: prometheus.url });
}

export async function teardown(): Promise<void> {
  await started?.stop();
}
