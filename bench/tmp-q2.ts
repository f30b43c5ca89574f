import { startSyntheticMesh } from './synthetic-mesh.js';
import { QueryEngine } from '../server/demo/prometheus/query-engine.js';
import { intervalFor } from '../server/demo/prometheus/scrape-loop.js';
import { inboundQuery } from '../server/mesh/traffic-queries.js';
const workloads = 5000;
const INTERVAL_S = intervalFor(workloads * 230) / 1000;
const { mesh, tsdb, metadata, scrapes } = await startSyntheticMesh(workloads);
let simulatedMs = Date.now();
for (let round = 0; round < 6; round++) {
  for (let i = 0; i < INTERVAL_S; i++) mesh.traffic.tick((simulatedMs += 1000));
  scrapes.scrapeNow();
}
scrapes.stop();
await mesh.stop();
const engine = new QueryEngine({ tsdb, metadata });
const q = process.argv[2] === 'plain' ? 'sum by (destination_workload_namespace) (rate(istio_requests_total{destination_workload_namespace!=""}[5m]))' : process.argv[2] === 'rate' ? 'count(rate(istio_requests_total{destination_workload_namespace!=""}[5m]))' : inboundQuery(null, '5m', 'app');
const { Session } = await import('node:inspector/promises');
const sess = new Session(); sess.connect();
await sess.post('Profiler.enable'); await sess.post('Profiler.start');
for (let i = 0; i < 8; i++) engine.instant(q, simulatedMs, Date.now() + 60000);
const { profile } = await sess.post('Profiler.stop');
(await import('node:fs')).writeFileSync('/tmp/bo/q2.cpuprofile', JSON.stringify(profile));
const times: number[] = [];
for (let i = 0; i < 12; i++) { const t = performance.now(); engine.instant(q, simulatedMs, Date.now() + 60000); times.push(performance.now() - t); }
times.sort((a, b) => a - b);
console.log(process.argv[2] ?? 'inboundApp', 'median', times[6]!.toFixed(1));
process.exit(0);
