// The synthetic mesh in this process, ticked by hand in simulated seconds, with a TSDB of its own that scrapes only
// when told: the benches drive both, so what they time is not disturbed by background work.
import type { MetricMetadata } from '../src/prometheus/exposition-parser.js';
import { startScrapeLoop } from '../src/prometheus/scrape-loop.js';
import { Tsdb } from '../src/prometheus/tsdb.js';
import { startMeshInBox } from '../src/mesh-in-a-box.js';

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
