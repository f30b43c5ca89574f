// The console's server side on a large mesh: the watch cache's memory for 5,000 synthetic workloads, and the list
// loaders' latency (what /api/namespaces/{ns}/workloads etc. do, JSON included). Run with --expose-gc.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.js';
import { startMeshChild } from '../server/demo/run-mesh.js';
import { loadApps, loadServices, loadWorkloads } from '../server/mesh/load-lists.js';
import { loadNamespaces } from '../server/mesh/load-namespaces.js';
import { createSources } from '../server/sources/sources.js';

const { values } = parseArgs({ options: { workloads: { type: 'string' }, namespaces: { type: 'string' } } });
const workloads = Number(values.workloads ?? 5000);
const namespaces = Number(values.namespaces ?? 50);
const root = resolve(import.meta.dirname, '..');
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

const mesh = await startMeshChild({
  root,
  kubeconfig: join(mkdtempSync(join(tmpdir(), 'sextant-bench-')), 'kubeconfig'),
  args: [
    '--scenario',
    'synthetic',
    '--workloads',
    String(workloads),
    '--namespaces',
    String(namespaces),
    '--seed',
    '1',
  ],
});
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

  // Let the mesh's Prometheus collect a little traffic first, so health has requests to judge.
  await new Promise((r) => setTimeout(r, 5_000));
  const time = async (run: () => Promise<unknown>, times: number) => {
    const ms: number[] = [];
    for (let i = 0; i < times; i++) {
      const start = performance.now();
      JSON.stringify(await run());
      ms.push(performance.now() - start);
    }
    ms.sort((a, b) => a - b);
    return { p50: Math.round(ms[Math.floor(times / 2)]!), p95: Math.round(ms[Math.floor(times * 0.95)]!) };
  };
  const q = { window: '5m' };
  const rows = {
    'workloads (100 in synth-0)': await time(() => loadWorkloads(sources, 'synth-0', q), 20),
    'apps (synth-0)': await time(() => loadApps(sources, 'synth-0', q), 20),
    'services (synth-0)': await time(() => loadServices(sources, 'synth-0', q), 20),
    [`namespaces (all ${namespaces + 6})`]: await time(() => loadNamespaces(sources, q), 10),
  };
  console.log(JSON.stringify({ workloads, cacheMiB: Math.round(cacheMiB), syncMs: Math.round(syncMs), rows }));
  await sources.stop();
} finally {
  await mesh.stop();
}
process.exit(0);
