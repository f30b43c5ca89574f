// The built-in Prometheus against a real Prometheus 2.42 on the same synthetic mesh: both scrape it every 10 s for a
// minute, then answer the console's graph queries; one JSON line per size, with latencies, their ratio and memory.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { listen, close } from '../server/demo/http-util.js';
import { startMeshInBox } from '../server/demo/mesh-in-a-box.js';
import type { MetricMetadata } from '../server/demo/prometheus/exposition-parser.js';
import { prometheusApiHandler } from '../server/demo/prometheus/prometheus-api.js';
import { QueryEngine } from '../server/demo/prometheus/query-engine.js';
import { startScrapeLoop } from '../server/demo/prometheus/scrape-loop.js';
import { Tsdb } from '../server/demo/prometheus/tsdb.js';

const { values } = parseArgs({ options: { workloads: { type: 'string' }, seconds: { type: 'string' } } });
const workloads = Number(values.workloads ?? 1000);
const collectMs = Number(values.seconds ?? 65) * 1000;
const INTERVAL_S = 10;
const PROMETHEUS = process.env['PROMETHEUS_BIN'] ?? '/usr/bin/prometheus';

const EDGE =
  'source_cluster,source_workload_namespace,source_workload,source_canonical_service,source_canonical_revision,' +
  'destination_cluster,destination_service_namespace,destination_service,destination_service_name,' +
  'destination_workload_namespace,destination_workload,destination_canonical_service,destination_canonical_revision,' +
  'request_protocol,response_code,grpc_response_status,response_flags';
const QUERIES: Record<string, string> = {
  requestsIn: `sum(rate(istio_requests_total{reporter="destination"}[1m])) by (${EDGE}) > 0`,
  requestsOut: `sum(rate(istio_requests_total{reporter="source"}[1m])) by (${EDGE}) > 0`,
  tcpBytes: `sum(rate(istio_tcp_sent_bytes_total{reporter="destination"}[1m])) by (${EDGE}) > 0`,
  p95: `histogram_quantile(0.95, sum(rate(istio_request_duration_milliseconds_bucket{reporter="destination"}[1m])) by (le,source_workload_namespace,source_workload,destination_service_namespace,destination_service_name,destination_workload_namespace,destination_workload,request_protocol)) > 0`,
};

const mesh = await startMeshInBox({
  scenario: 'synthetic',
  workloads,
  namespaces: Math.max(1, Math.round(workloads / 100)),
  seed: 1,
  builtinPrometheus: false,
});
const tsdb = new Tsdb({ retentionMs: 3_600_000 });
const metadata = new Map<string, MetricMetadata>();
const scrapes = startScrapeLoop({
  tsdb,
  render: () => mesh.metrics.renderChunks(),
  targetLabels: { job: 'mesh', instance: new URL(mesh.endpoints.metrics).host },
  metadata,
  intervalMs: INTERVAL_S * 1000,
});
const builtin = await listen(prometheusApiHandler(new QueryEngine({ tsdb, metadata })), '127.0.0.1', 0);

// The real one scrapes the same /metrics on the same interval, in its own process.
const dir = mkdtempSync(join(tmpdir(), 'sextant-promql-bench-'));
const target = new URL(mesh.endpoints.metrics);
writeFileSync(
  join(dir, 'prometheus.yml'),
  `global:\n  scrape_interval: ${INTERVAL_S}s\n  scrape_timeout: ${INTERVAL_S}s\nscrape_configs:\n  - job_name: mesh\n    metrics_path: ${target.pathname}\n    static_configs:\n      - targets: ['${target.host}']\n`,
);
const port = 20_000 + Math.floor(Math.random() * 20_000);
const real = spawn(
  PROMETHEUS,
  [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=error',
  ],
  { stdio: 'ignore' },
);
const realUrl = `http://127.0.0.1:${port}`;

await new Promise((r) => setTimeout(r, collectMs));

async function timeQuery(url: string, query: string, at: number): Promise<{ ms: number; series: number }> {
  const t0 = performance.now();
  const res = await fetch(`${url}/api/v1/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ query, time: String(at) }).toString(),
  });
  const body = (await res.json()) as { status: string; error?: string; data?: { result: unknown[] } };
  const ms = performance.now() - t0;
  if (body.status !== 'success') throw new Error(`${url}: ${body.error}`);
  return { ms, series: body.data!.result.length };
}

scrapes.stop();
const at = Math.floor(Date.now() / 1000) - 1;
const row: Record<string, number> = { workloads, series: tsdb.index.size };
for (const [name, query] of Object.entries(QUERIES)) {
  const mine: number[] = [];
  const theirs: number[] = [];
  let counts = [0, 0];
  for (let i = 0; i < 3; i++) {
    const a = await timeQuery(builtin.url, query, at);
    const b = await timeQuery(realUrl, query, at);
    mine.push(a.ms);
    theirs.push(b.ms);
    counts = [a.series, b.series];
  }
  const median = (xs: number[]) => xs.sort((x, y) => x - y)[1]!;
  row[`${name}Ms`] = Math.round(median(mine));
  row[`${name}RealMs`] = Math.round(median(theirs));
  row[`${name}Ratio`] = +(median(mine) / median(theirs)).toFixed(2);
  row[`${name}Series`] = counts[0]!;
  row[`${name}RealSeries`] = counts[1]!;
}
// Render and parse of one scrape, in the mesh's process (the built-in TSDB records it as Prometheus does).
const duration = await fetch(
  `${builtin.url}/api/v1/query?query=max(avg_over_time(scrape_duration_seconds[5m]))&time=${at}`,
);
const scrapeSeconds = ((await duration.json()) as { data: { result: { value: [number, string] }[] } }).data.result[0]
  ?.value[1];
row['scrapeMs'] = Math.round(Number(scrapeSeconds) * 1000);
row['columns'] = tsdb.columnCount;
row['tsdbMBPerScrape'] = +(tsdb.sampleBytes / tsdb.columnCount / 1e6).toFixed(2);
row['peakRssMB'] = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(JSON.stringify(row));
real.kill('SIGTERM');
await new Promise((r) => real.once('exit', r));
rmSync(dir, { recursive: true, force: true });
await close(builtin.server);
await mesh.stop();
process.exit(0);
