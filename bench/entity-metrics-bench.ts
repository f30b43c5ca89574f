// The Metrics tab server-side (what /api/namespaces/{ns}/{resource}/{name}/metrics does, JSON included): every chart
// of one entity, split by version, asked over and over for a while as the tab's polling would. On the demo with a
// real Prometheus scraping it, or on the 5,000-workload synthetic mesh with its built-in Prometheus. One JSON line.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startMeshWithPrometheus } from '@sextant/mesh-in-a-box';
import { entityMetricsQuery } from '../lib/api/entity-metrics.js';
import { loadConfig } from '../server/config.js';
import { createSources } from '../server/sources/sources.js';
import type { EntityRef } from '../lib/api/entity-ref.js';
import { loadEntityMetrics } from '../server/telemetry/io/load-entity-metrics.js';
import { timePrometheusWaits } from './prometheus-wait.js';
import { startSyntheticMeshChild } from './synthetic-mesh.js';

const { values } = parseArgs({
  options: { mesh: { type: 'string' }, workloads: { type: 'string' }, seconds: { type: 'string' } },
});
const demo = (values.mesh ?? 'demo') === 'demo';
const workloads = Number(values.workloads ?? 5000);
const durationMs = Number(values.seconds ?? 30) * 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function start() {
  if (demo) {
    const started = await startMeshWithPrometheus({
      args: ['--scenario', 'sentiment-analysis', '--seed', '1'],
      kubeconfig: join(mkdtempSync(join(tmpdir(), 'sextant-bench-')), 'kubeconfig'),
    });
    return { kubeconfig: started.mesh.kubeconfig, prometheusUrl: started.prometheus.url, stop: started.stop };
  }
  const mesh = await startSyntheticMeshChild({ workloads, namespaces: Math.round(workloads / 100) });
  return { kubeconfig: mesh.kubeconfig, prometheusUrl: mesh.endpoints['prometheus'] ?? '', stop: mesh.stop };
}

const mesh = await start();
try {
  const sources = createSources(loadConfig({ KUBECONFIG: mesh.kubeconfig, PROMETHEUS_URL: mesh.prometheusUrl }));
  await sources.start();
  while (!sources.kubernetes.synced()) await sleep(100);
  const prometheus = sources.prometheus!;
  // sa-logic on the demo; on the synthetic mesh the busiest service of its first namespace, once Prometheus holds
  // enough scrapes for a rate (the synthetic mesh scrapes every minute at 5,000 workloads).
  let entity: EntityRef = { resource: 'apps', namespace: 'demo', name: 'sa-logic' };
  for (let waited = 0; ; waited += 5) {
    if (demo) {
      const [any] = await prometheus.instant('sum(rate(istio_requests_total{destination_app="sa-logic"}[1m]))');
      if ((any?.value ?? 0) > 0) break;
    } else {
      const [busiest] = await prometheus.instant(
        'topk(1, sum by (destination_service_name) (rate(istio_requests_total{reporter="destination",destination_service_namespace="synth-0"}[5m])))',
      );
      const name = busiest?.metric['destination_service_name'];
      if (name) {
        entity = { resource: 'services', namespace: 'synth-0', name };
        break;
      }
    }
    if (waited > 300) throw new Error('no traffic in Prometheus after 300 s');
    await sleep(5_000);
  }
  // Time spent waiting for Prometheus (any call in flight), so the figures split into the source's share and ours.
  const prometheusWait = timePrometheusWaits(prometheus);
  const query = entityMetricsQuery.parse({ duration: '10m', by: 'version' });
  const samples: number[] = [];
  const waits: number[] = [];
  let series = 0;
  const until = performance.now() + durationMs;
  while (performance.now() < until) {
    const t0 = performance.now();
    prometheusWait.reset();
    const answer = await loadEntityMetrics(sources, entity, query);
    JSON.stringify(answer);
    samples.push(performance.now() - t0);
    waits.push(prometheusWait.ms);
    series = answer.charts.reduce((a, c) => a + c.series.length, 0);
    await sleep(50 + Math.random() * 100);
  }
  samples.sort((a, b) => a - b);
  waits.sort((a, b) => a - b);
  const at = (q: number, ms = samples) => Math.round(ms[Math.min(ms.length - 1, Math.floor(ms.length * q))]!);
  console.log(
    JSON.stringify({
      mesh: demo ? 'demo, real Prometheus' : `synthetic ${workloads} workloads, built-in Prometheus`,
      entity: `${entity.resource}/${entity.namespace}/${entity.name}`,
      series,
      n: samples.length,
      p50: at(0.5),
      p95: at(0.95),
      max: Math.round(samples.at(-1)!),
      prometheusP50: at(0.5, waits),
      prometheusP95: at(0.95, waits),
    }),
  );
  await sources.stop();
} finally {
  await mesh.stop();
}
process.exit(0);
