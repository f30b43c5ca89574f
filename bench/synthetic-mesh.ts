// The synthetic mesh in this process, ticked by hand in simulated seconds, with a built-in TSDB that scrapes only
// when told: the benches drive both, so what they time is not disturbed by background work.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMeshInBox } from '../server/demo/mesh-in-a-box.js';
import { startMeshChild } from '../server/demo/run-mesh.js';
import type { MetricMetadata } from '../server/demo/prometheus/exposition-parser.js';
import { startScrapeLoop } from '../server/demo/prometheus/scrape-loop.js';
import { Tsdb } from '../server/demo/prometheus/tsdb.js';

export async function startSyntheticMesh(workloads: number) {
  const mesh = await startMeshInBox({
    scenario: 'synthetic',
    workloads,
    namespaces: Math.max(1, Math.round(workloads / 100)),
    seed: 1,
    builtinPrometheus: false,
    tickMs: 3_600_000, // ticked by the bench
  });
  const tsdb = new Tsdb({ retentionMs: 3_600_000 });
  const metadata = new Map<string, MetricMetadata>();
  const scrapes = startScrapeLoop({
    tsdb,
    render: () => mesh.metrics.renderChunks(),
    targetLabels: { job: 'mesh', instance: new URL(mesh.endpoints.metrics).host },
    metadata,
    intervalMs: 3_600_000, // scraped by the bench
  });
  return { mesh, tsdb, metadata, scrapes };
}

/** The synthetic mesh as its own process (`npm run mesh`), for benches that time the console against it. */
export function startSyntheticMeshChild(options: { root: string; workloads: number; namespaces: number }) {
  return startMeshChild({
    root: options.root,
    kubeconfig: join(mkdtempSync(join(tmpdir(), 'sextant-bench-')), 'kubeconfig'),
    args: [
      '--scenario',
      'synthetic',
      '--workloads',
      String(options.workloads),
      '--namespaces',
      String(options.namespaces),
      '--seed',
      '1',
    ],
  });
}
