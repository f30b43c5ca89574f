// The console's server side on a large mesh: the watch cache's memory for 5,000 synthetic workloads, and the list
// loaders' latency (what /api/namespaces/{ns}/workloads etc. do, JSON included). Run with --expose-gc.
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.js';
import { loadApp, loadApps, loadServices, loadWorkloads } from '../server/mesh/io/load-lists.js';
import { loadNamespaces } from '../server/mesh/io/load-namespaces.js';
import { loadPod } from '../server/pods/io/load-pod.js';
import { createSources } from '../server/sources/sources.js';
import { timePrometheusWaits } from './prometheus-wait.js';
import { startSyntheticMeshChild } from './synthetic-mesh.js';

const { values } = parseArgs({
  options: { workloads: { type: 'string' }, namespaces: { type: 'string' }, seconds: { type: 'string' } },
});
const workloads = Number(values.workloads ?? 5000);
const namespaces = Number(values.namespaces ?? 50);
const durationMs = Number(values.seconds ?? 75) * 1000;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

const mesh = await startSyntheticMeshChild({ workloads, namespaces });
try {
  const config = loadConfig({ KUBECONFIG: mesh.kubeconfig, PROMETHEUS_URL: mesh.endpoints['prometheus'] ?? '' });
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const sources = createSources(config);
  await sources.start();
  while (!sources.kubernetes.synced()) await new Promise((r) => setTimeout(r, 100));
  const syncMs = performance.now() - t0;
  gc();
  const cacheMiB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;

  // Time spent waiting for Prometheus (any call in flight), so the figures split into the source's share and ours.
  const prometheusWait = timePrometheusWaits(sources.prometheus!);

  // Let the mesh's Prometheus collect a little traffic first, so health has requests to judge.
  await new Promise((r) => setTimeout(r, 5_000));
  // The loaders take turns for over a minute, a little apart, as a browser's polling would: long enough that the
  // samples meet the mesh's ticks (every second) and its built-in scrape (every minute at 5,000 workloads), which
  // share the mesh's one event loop with the Prometheus API the loaders query.
  const q = { window: '5m' };
  // A detail page and a pod page: their Istio config that applies lists the kinds the cache does not hold.
  const firstPod = sources.kubernetes.list('Pod', 'synth-0')[0]!;
  const firstApp = firstPod.metadata.labels?.['app'] ?? '';
  const loaders: [string, () => Promise<unknown>][] = [
    ['workloads (100 in synth-0)', () => loadWorkloads(sources, 'synth-0', q)],
    ['apps (synth-0)', () => loadApps(sources, 'synth-0', q)],
    ['services (synth-0)', () => loadServices(sources, 'synth-0', q)],
    [`namespaces (all ${namespaces + 6})`, () => loadNamespaces(sources, q)],
    ['app detail (synth-0)', () => loadApp(sources, 'synth-0', firstApp, q)],
    ['pod page (synth-0)', () => loadPod(sources, 'synth-0', firstPod.metadata.name)],
  ];
  const samples = new Map<string, number[]>(loaders.map(([name]) => [name, []]));
  const waits = new Map<string, number[]>(loaders.map(([name]) => [name, []]));
  const until = performance.now() + durationMs;
  while (performance.now() < until) {
    for (const [name, run] of loaders) {
      const start = performance.now();
      prometheusWait.reset();
      JSON.stringify(await run());
      samples.get(name)!.push(performance.now() - start);
      waits.get(name)!.push(prometheusWait.ms);
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
    }
  }
  const at = (ms: number[], q: number) => Math.round(ms[Math.min(ms.length - 1, Math.floor(ms.length * q))]!);
  const rows = Object.fromEntries(
    [...samples].map(([name, ms]) => {
      ms.sort((a, b) => a - b);
      const waited = waits.get(name)!.sort((a, b) => a - b);
      const row = { n: ms.length, p50: at(ms, 0.5), p95: at(ms, 0.95), max: Math.round(ms[ms.length - 1]!) };
      return [name, { ...row, prometheusP50: at(waited, 0.5), prometheusP95: at(waited, 0.95) }];
    }),
  );
  console.log(JSON.stringify({ workloads, cacheMiB: Math.round(cacheMiB), syncMs: Math.round(syncMs), rows }));
  await sources.stop();
} finally {
  await mesh.stop();
}
process.exit(0);
