// The "why" summary server-side (what /api/namespaces/{ns}/services/{name}/why does, JSON included) for a 15-minute
// range ending now, with the comparison an hour before, on the demo with a real Prometheus scraping it and the mesh's
// Jaeger: the one hop over the range (twice, for the comparison), 50 traces' critical paths and the change log. The
// demo has only been up a few minutes, so the range holds that much data; the queries are those of a full range.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMeshWithPrometheus } from '@sextant/mesh-in-a-box';
import { whyQuery } from '../lib/api/why.js';
import { createCaches } from '../server/caches.js';
import { loadConfig } from '../server/config.js';
import { createSources } from '../server/sources/sources.js';
import { loadWhy } from '../server/telemetry/io/load-why.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const RUNS = 30;

const started = await startMeshWithPrometheus({
  args: ['--scenario', 'sentiment-analysis', '--seed', '1'],
  kubeconfig: join(mkdtempSync(join(tmpdir(), 'sextant-bench-')), 'kubeconfig'),
});
try {
  const sources = createSources(
    loadConfig({
      KUBECONFIG: started.mesh.kubeconfig,
      PROMETHEUS_URL: started.prometheus.url,
      JAEGER_URL: started.mesh.endpoints['jaeger'] ?? '',
    }),
  );
  await sources.start();
  while (!sources.kubernetes.synced()) await sleep(100);
  const caches = createCaches();
  const entity = { resource: 'services', namespace: 'demo', name: 'sa-logic' } as const;
  for (let waited = 0; ; waited += 5) {
    const [any] = await sources.prometheus!.instant('sum(rate(istio_requests_total{destination_app="sa-logic"}[1m]))');
    if ((any?.value ?? 0) > 0) break;
    if (waited > 300) throw new Error('no traffic in Prometheus after 300 s');
    await sleep(5_000);
  }
  const samples: number[] = [];
  let findings = 0;
  for (let i = 0; i < RUNS; i++) {
    const endUs = Date.now() * 1000;
    const query = whyQuery.parse({ start: endUs - 15 * 60e6, end: endUs, compare: '1h' });
    const t0 = performance.now();
    const answer = await loadWhy(sources, caches.hopTopologies, entity, query);
    JSON.stringify(answer);
    samples.push(performance.now() - t0);
    findings = answer.findings.length;
    await sleep(100);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => Math.round(samples[Math.min(samples.length - 1, Math.floor(samples.length * q))]!);
  console.log(
    JSON.stringify({
      mesh: 'demo, real Prometheus, mesh Jaeger',
      entity: 'services/demo/sa-logic',
      range: '15m, compare 1h',
      findings,
      n: samples.length,
      p50: at(0.5),
      p95: at(0.95),
      max: Math.round(samples.at(-1)!),
    }),
  );
  await sources.stop();
} finally {
  await started.stop();
}
process.exit(0);
