// The Traffic tab's API on the synthetic mesh: one hop around a busy service, workload and app of 5,000 workloads in
// 50 namespaces, against the alternative it replaces (the graph of the entity's namespace, cut afterwards), each timed
// the way the route runs it (JSON included), with the share spent waiting for Prometheus. One JSON line.
import { parseArgs } from 'node:util';
import type { EntityRef } from '../lib/api/entity-ref.js';
import { entityTrafficQuery } from '../lib/api/entity-traffic.js';
import { graphQuery } from '../lib/api/graph.js';
import { createCaches } from '../server/caches.js';
import { loadConfig } from '../server/config.js';
import { loadEntityTraffic } from '../server/graph/io/load-entity-traffic.js';
import { loadGraph } from '../server/graph/io/load-graph.js';
import { createSources } from '../server/sources/sources.js';
import { timePrometheusWaits } from './prometheus-wait.js';
import { startSyntheticMeshChild } from './synthetic-mesh.js';

const { values } = parseArgs({
  options: { workloads: { type: 'string' }, namespaces: { type: 'string' }, runs: { type: 'string' } },
});
const workloads = Number(values.workloads ?? 5000);
const namespaces = Number(values.namespaces ?? 50);
const runs = Number(values.runs ?? 30);
const WINDOW = '5m';
const NS = 'synth-0';

const mesh = await startSyntheticMeshChild({ workloads, namespaces });
try {
  const sources = createSources(
    loadConfig({ KUBECONFIG: mesh.kubeconfig, PROMETHEUS_URL: mesh.endpoints['prometheus'] ?? '' }),
  );
  await sources.start();
  const caches = createCaches();
  const prometheus = sources.prometheus!;
  const prometheusWait = timePrometheusWaits(prometheus);

  // The busiest service of the namespace once the mesh's Prometheus holds two scrapes (a minute apart at this size).
  const graphOf = () =>
    loadGraph(
      sources,
      caches.topologies,
      graphQuery.parse({ namespaces: NS, graphType: 'versionedApp', duration: WINDOW, latency: 'p95' }),
    );
  const findBusiest = async () => {
    let found: { service: string; rps: number } | null = null;
    for (const n of (await graphOf()).nodes)
      if (n.nodeType === 'service' && n.namespace === NS && n.service && n.traffic.inbound.rps > (found?.rps ?? 0))
        found = { service: n.service, rps: n.traffic.inbound.rps };
    return found;
  };
  let found = await findBusiest();
  const deadline = Date.now() + 240_000;
  while (!found && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 5_000));
    found = await findBusiest();
  }
  if (!found) throw new Error(`no service of ${NS} had traffic within 4 minutes`);
  const busiest = found;
  const workload = sources.kubernetes.list('Service', NS).find((s) => s.metadata.name === busiest.service)?.spec?.[
    'selector'
  ] as Record<string, string> | undefined;
  const app = workload?.['app'] ?? busiest.service;
  const hopOf = (resource: EntityRef['resource'], name: string) => () =>
    loadEntityTraffic(
      sources,
      caches.hopTopologies,
      { namespace: NS, resource, name },
      entityTrafficQuery.parse({ duration: WINDOW }),
    );
  const appWorkload = sources.kubernetes.list('Deployment', NS).find((d) => d.metadata.labels?.['app'] === app)
    ?.metadata.name;

  const cases: [string, () => Promise<unknown>][] = [
    [`traffic of service ${busiest.service}`, hopOf('services', busiest.service)],
    [`traffic of app ${app}`, hopOf('apps', app)],
    ...(appWorkload
      ? ([[`traffic of workload ${appWorkload}`, hopOf('workloads', appWorkload)]] as [
          string,
          () => Promise<unknown>,
        ][])
      : []),
    [`(for comparison) graph of ${NS}`, graphOf],
  ];
  const rows: Record<string, Record<string, number>> = {};
  for (const [name, run] of cases) {
    const ms: number[] = [];
    const waited: number[] = [];
    let edges = 0;
    for (let i = 0; i < runs; i++) {
      prometheusWait.reset();
      const start = performance.now();
      const answer = (await run()) as { inbound?: unknown[]; outbound?: unknown[]; edges?: unknown[] };
      JSON.stringify(answer);
      ms.push(performance.now() - start);
      waited.push(prometheusWait.ms);
      edges = answer.edges?.length ?? (answer.inbound?.length ?? 0) + (answer.outbound?.length ?? 0);
    }
    ms.sort((a, b) => a - b);
    waited.sort((a, b) => a - b);
    const at = (xs: number[], q: number) => Math.round(xs[Math.min(xs.length - 1, Math.floor(xs.length * q))]!);
    rows[name] = {
      edges,
      n: runs,
      p50: at(ms, 0.5),
      p95: at(ms, 0.95),
      prometheusP50: at(waited, 0.5),
      prometheusP95: at(waited, 0.95),
    };
  }
  console.log(JSON.stringify({ workloads, rows }));
  await sources.stop();
} finally {
  await mesh.stop();
}
process.exit(0);
