// The mesh as its own process and a real Prometheus scraping it: what the tests of both products share, and what a
// console needs beside a cluster.
import { startRealPrometheus, type RealPrometheus } from './prometheus/real-prometheus.js';
import { startMeshChild, type MeshChild } from './run-mesh.js';

export interface MeshWithPrometheus {
  mesh: MeshChild;
  prometheus: RealPrometheus;
  /** When both were ready. */
  startedAtMs: number;
  stop(): Promise<void>;
}

export async function startMeshWithPrometheus(options: {
  /** `npm run mesh` arguments */
  args: string[];
  kubeconfig?: string;
  scrapeIntervalSeconds?: number;
  /** storage.tsdb.retention.time, e.g. "65m" */
  retention?: string;
}): Promise<MeshWithPrometheus> {
  const startedAtMs = Date.now();
  const mesh = await startMeshChild({ kubeconfig: options.kubeconfig, args: options.args });
  const prometheus = await startRealPrometheus({
    targets: [{ job: 'mesh', url: mesh.endpoints['metrics']! }],
    scrapeIntervalSeconds: options.scrapeIntervalSeconds ?? 1,
    retention: options.retention,
  }).catch(async (err: unknown) => {
    await mesh.stop();
    throw err;
  });
  return {
    mesh,
    prometheus,
    startedAtMs,
    async stop() {
      await prometheus.stop();
      await mesh.stop();
    },
  };
}
