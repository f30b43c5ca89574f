// The Envoy tab on a proxy of the 5,000-workload synthetic mesh: its config_dump, /clusters and cluster /stats read
// once through the mesh's Kubernetes API (pods/proxy, as the console reads them), then the console's part timed
// alone: JSON parsing, the five tables, and the first filtered, sorted page of clusters the route answers. One JSON
// line. Budget (issue 16): parsed and tabled in under 200 ms (p95Ms).
import { parseArgs } from 'node:util';
import { startMeshInBox } from '@sextant/mesh-in-a-box';
import { CLUSTER_STATS_FILTER } from '../server/envoy/cluster-status.js';
import { parseSection } from '../server/envoy/parse-dump.js';
import { pageOf, searchText } from '../server/envoy/table.js';

const { values } = parseArgs({ options: { workloads: { type: 'string' }, runs: { type: 'string' } } });
const workloads = Number(values.workloads ?? 5000);
const runs = Number(values.runs ?? 15);

const mesh = await startMeshInBox({
  scenario: 'synthetic',
  workloads,
  namespaces: Math.max(1, Math.round(workloads / 100)),
  seed: 1,
  builtinPrometheus: false,
  tickMs: 3_600_000, // no traffic ticks while timing
});
const base = mesh.endpoints.kubernetes;
const get = async (path: string) => {
  const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${mesh.adminToken}` } });
  if (!res.ok) throw new Error(`${path} answered ${res.status}`);
  return res.text();
};
const pods = JSON.parse(await get('/api/v1/pods?limit=500')) as {
  items: { metadata: { name: string; namespace: string }; spec: { containers: { name: string }[] } }[];
};
const pod = pods.items.find((p) => p.spec.containers.some((c) => c.name === 'istio-proxy'))!;
const proxy = `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}:15000/proxy`;
const [dumpText, clustersText, statsText] = await Promise.all([
  get(`${proxy}/config_dump`),
  get(`${proxy}/clusters?format=json`),
  get(`${proxy}/stats?filter=${encodeURIComponent(CLUSTER_STATS_FILTER)}`),
]);
await mesh.stop();
// The Clusters table is the heavy one: the whole dump (clusters are nearly all of it) and /clusters' hosts. The first
// runs warm the JIT up, as a console that has served a request is; they are not counted.
const WARM_UP = 3;
const times: number[] = [];
// CPU time beside wall time: on a shared two-core runner the wall time also counts other processes' turns.
const cpuTimes: number[] = [];
let clusters = 0;
const gc = (globalThis as { gc?: () => void }).gc;
for (let i = 0; i < runs + WARM_UP; i++) {
  // The last run's garbage collected first (run with --expose-gc): requests for one proxy come seconds apart.
  gc?.();
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const table = parseSection(
    { configDump: JSON.parse(dumpText), clusters: JSON.parse(clustersText), stats: statsText },
    'clusters',
    Date.now(),
  );
  const texts = table.rows.map(searchText);
  pageOf(table, { filter: 'outbound', sort: 'counters.rqTotal', order: 'desc', offset: 0, limit: 100 }, texts);
  if (i >= WARM_UP) {
    times.push(performance.now() - start);
    const cpu = process.cpuUsage(cpuStart);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
  }
  clusters = table.rows.length;
}
times.sort((a, b) => a - b);
cpuTimes.sort((a, b) => a - b);
const quantile = (xs: number[], q: number) => Math.round(xs[Math.min(xs.length - 1, Math.floor(q * xs.length))]!);
const at = (q: number) => quantile(times, q);
console.log(
  JSON.stringify({
    workloads,
    dumpMB: Math.round((dumpText.length / 1e6) * 10) / 10,
    clusters,
    clustersMB: Math.round((clustersText.length / 1e6) * 10) / 10,
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    maxMs: Math.round(times.at(-1)!),
    cpuP50Ms: quantile(cpuTimes, 0.5),
  }),
);
