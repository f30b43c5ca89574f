// The built-in Prometheus against a real Prometheus 2.42 on the same synthetic mesh. In each round the traffic runs
// for one scrape interval of simulated seconds and stops; the real Prometheus scrapes it, then the built-in one does, so
// both store the same counter values. After five rounds each answers the console's graph queries with nothing else
// running. One JSON line per size: latencies, their ratio, the series each found, scrape cost and memory.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startSyntheticMesh } from './synthetic-mesh.js';
import { listen, close } from '../src/http-util.js';
import { prometheusApiHandler } from '../src/prometheus/prometheus-api.js';
import { QueryEngine } from '../src/prometheus/query-engine.js';
import { intervalFor } from '../src/prometheus/scrape-loop.js';

const { values } = parseArgs({ options: { workloads: { type: 'string' }, rounds: { type: 'string' } } });
const workloads = Number(values.workloads ?? 1000);
const ROUNDS = Number(values.rounds ?? 4);
// Both scrape as often as the built-in one would for this size (a real Prometheus needs tens of seconds to take
// in the first scrape of a million series on this machine, so a shorter interval times out).
const INTERVAL_S = intervalFor(workloads * 230) / 1000; // the synthetic mesh has ~230 sample streams a workload
const WINDOW = `${4 * INTERVAL_S}s`;
const PROMETHEUS = process.env['PROMETHEUS_BIN'] ?? '/usr/bin/prometheus';

const EDGE =
  'source_cluster,source_workload_namespace,source_workload,source_canonical_service,source_canonical_revision,' +
  'destination_cluster,destination_service_namespace,destination_service,destination_service_name,' +
  'destination_workload_namespace,destination_workload,destination_canonical_service,destination_canonical_revision,' +
  'request_protocol,response_code,grpc_response_status,response_flags';
const KEPT = { istio_requests_total: 1, istio_tcp_sent_bytes_total: 1, istio_request_duration_milliseconds_bucket: 1 };
const QUERIES: Record<string, string> = {
  requestsIn: `sum(rate(istio_requests_total{reporter="destination"}[${WINDOW}])) by (${EDGE}) > 0`,
  requestsOut: `sum(rate(istio_requests_total{reporter="source"}[${WINDOW}])) by (${EDGE}) > 0`,
  tcpBytes: `sum(rate(istio_tcp_sent_bytes_total{reporter="destination"}[${WINDOW}])) by (${EDGE}) > 0`,
  p95: `histogram_quantile(0.95, sum(rate(istio_request_duration_milliseconds_bucket{reporter="destination"}[${WINDOW}])) by (le,source_workload_namespace,source_workload,destination_service_namespace,destination_service_name,destination_workload_namespace,destination_workload,request_protocol)) > 0`,
};

const { mesh, tsdb, metadata, scrapes } = await startSyntheticMesh(workloads);
const builtin = await listen(prometheusApiHandler(new QueryEngine({ tsdb, metadata })), '127.0.0.1', 0);

// The real one scrapes the same /metrics on the same interval, in its own process.
const dir = mkdtempSync(join(tmpdir(), 'sextant-promql-bench-'));
const target = new URL(mesh.endpoints.metrics);
writeFileSync(
  join(dir, 'prometheus.yml'),
  [
    'global:',
    `  scrape_interval: ${INTERVAL_S}s`,
    `  scrape_timeout: ${INTERVAL_S - 1}s`,
    'scrape_configs:',
    '  - job_name: mesh',
    `    metrics_path: ${target.pathname}`,
    '    static_configs:',
    `      - targets: ['${target.host}']`,
    // Only what the queries read: a Prometheus 2.42 that took in all 1.1M series of 5,000 workloads grew past
    // 20 GB on this machine and was killed.
    '    metric_relabel_configs:',
    '      - source_labels: [__name__]',
    `        regex: '${Object.keys(KEPT).join('|')}'`,
    '        action: keep',
    '',
  ].join('\n'),
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
  { stdio: 'ignore', env: { ...process.env, GOMEMLIMIT: '4GiB' } },
);
// A guard for the machine: the bench gives up on the real Prometheus past 8 GB rather than let it be OOM-killed.
let realGaveUp = '';
const guard = setInterval(() => {
  const status = existsSync(`/proc/${real.pid}/status`) ? readFileSync(`/proc/${real.pid}/status`, 'utf8') : '';
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  if (rssKb > 8 * 1024 * 1024) {
    realGaveUp = `real Prometheus passed 8 GB (${Math.round(rssKb / 1024)} MB) and was stopped`;
    real.kill('SIGKILL');
  }
}, 1000);
guard.unref();
const realUrl = `http://127.0.0.1:${port}`;

async function lastRealScrapeMs(): Promise<number> {
  const res = await fetch(`${realUrl}/api/v1/query?query=timestamp(up)`).catch(() => undefined);
  const body = (await res?.json().catch(() => undefined)) as
    { data?: { result?: { value: [number, string] }[] } } | undefined;
  return Number(body?.data?.result?.[0]?.value[1] ?? 0) * 1000;
}

let simulatedMs = Date.now();
for (let i = 0; i < 30; i++) mesh.traffic.tick((simulatedMs += 1000));
for (let round = 0; round < ROUNDS; round++) {
  for (let i = 0; i < INTERVAL_S; i++) mesh.traffic.tick((simulatedMs += 1000));
  const before = await lastRealScrapeMs();
  const deadline = Date.now() + 60_000;
  while (!realGaveUp && (await lastRealScrapeMs()) <= before && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
  }
  scrapes.scrapeNow();
}
scrapes.stop();
// Nothing else runs while queries are timed: the real one reloads a config without scrape jobs.
writeFileSync(join(dir, 'prometheus.yml'), 'global:\n  scrape_interval: 15s\nscrape_configs: []\n');
real.kill('SIGHUP');
await new Promise((r) => setTimeout(r, 3000));

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

const at = Math.floor(Date.now() / 1000);
const row: Record<string, number | string> = { workloads, series: tsdb.index.size, intervalS: INTERVAL_S };
for (const [name, query] of Object.entries(QUERIES)) {
  const mine: number[] = [];
  const theirs: number[] = [];
  let counts = [0, 0];
  for (let i = 0; i < 5; i++) {
    const a = await timeQuery(builtin.url, query, at);
    const b = realGaveUp ? { ms: NaN, series: 0 } : await timeQuery(realUrl, query, at);
    mine.push(a.ms);
    theirs.push(b.ms);
    counts = [a.series, b.series];
  }
  const median = (xs: number[]) => xs.sort((x, y) => x - y)[2]!;
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
if (realGaveUp) row['note'] = realGaveUp;
console.log(JSON.stringify(row));
if (real.exitCode === null && real.signalCode === null) {
  real.kill('SIGTERM');
  await new Promise((r) => real.once('exit', r));
}
rmSync(dir, { recursive: true, force: true });
await close(builtin.server);
await mesh.stop();
process.exit(0);
