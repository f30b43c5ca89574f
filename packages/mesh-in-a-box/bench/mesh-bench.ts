// One size of the mesh in a box, measured in its own process so peak memory is its own. Prints one JSON line.
import { parseArgs } from 'node:util';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { startMeshInBox } from '../src/mesh-in-a-box.js';
import { MESH_ENV, MESH_NODE_FLAGS } from '../src/run-mesh.js';
import { GR } from '../src/store/resource-types.js';

const run = promisify(execFile);

// The figures are those of the mesh users run only under its V8 flags and environment (each changes its memory by a
// hundred MB or so). Started without them (e.g. by hand), the bench runs itself again with them added.
const missingFlags = MESH_NODE_FLAGS.filter((flag) => !process.execArgv.includes(flag));
const missingEnv = Object.entries(MESH_ENV).filter(([name, value]) => process.env[name] !== value);
if (missingFlags.length > 0 || missingEnv.length > 0) {
  const missing = [...missingFlags, ...missingEnv.map(([name, value]) => `${name}=${value}`)];
  console.error(`mesh-bench: rerunning with the mesh's ${missing.join(' ')} (MESH_NODE_FLAGS, MESH_ENV)`);
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, ...missingFlags, process.argv[1]!, ...process.argv.slice(2)],
    { stdio: 'inherit', env: { ...process.env, ...MESH_ENV } },
  );
  process.exit(child.status ?? 1);
}

const { values } = parseArgs({
  options: {
    workloads: { type: 'string' },
    namespaces: { type: 'string' },
    ticks: { type: 'string' },
    'scrape-every': { type: 'string' },
    // Istio security in force: mesh-wide STRICT mTLS, a mesh-wide DENY and an ALLOW per namespace, so every request
    // goes through the RBAC filters of its server (issue 18: the tick stays under a second with policies applied).
    security: { type: 'boolean' },
  },
});
const workloads = Number(values.workloads ?? 1000);
const namespaces = Number(values.namespaces ?? Math.max(1, Math.round(workloads / 100)));
// Long enough for every store to reach its cap: a minute of truth, the access logs' share per container, and (with a
// scrape every 2 ticks, each a minute of Prometheus time) the built-in TSDB's 65 minutes of retention.
const ticks = Number(values.ticks ?? 150);
const scrapeEvery = Number(values['scrape-every'] ?? 2);

// The built-in Prometheus scrapes on the bench's clock: each scrape is a minute after the last, as at 5,000 workloads.
let scrapeClockMs = Date.now();
const startMs = performance.now();
const mesh = await startMeshInBox({
  scenario: 'synthetic',
  workloads,
  namespaces,
  seed: 1,
  tickMs: 3_600_000,
  prometheusClock: () => scrapeClockMs,
});
const startupMs = performance.now() - startMs;
const prometheus = mesh.prometheus!;
if (values.security) applySecurityPolicies();

function applySecurityPolicies(): void {
  const policy = (kind: string, namespace: string, name: string, spec: object) => ({
    apiVersion: 'security.istio.io/v1',
    kind,
    metadata: { name, namespace },
    spec,
  });
  mesh.store.create(
    GR.peerauthentications,
    policy('PeerAuthentication', 'istio-system', 'default', { mtls: { mode: 'STRICT' } }),
  );
  mesh.store.create(
    GR.authorizationpolicies,
    policy('AuthorizationPolicy', 'istio-system', 'deny-admin', {
      action: 'DENY',
      rules: [{ to: [{ operation: { paths: ['/admin*'], methods: ['DELETE'] } }] }],
    }),
  );
  for (const ns of mesh.store.list(GR.namespaces)) {
    const name = ns.metadata.name;
    if (name.startsWith('kube-') || name === 'istio-system' || name === 'default') continue;
    mesh.store.create(
      GR.authorizationpolicies,
      policy('AuthorizationPolicy', name, 'allow-mesh', {
        rules: [
          { from: [{ source: { namespaces: ['*'] } }], to: [{ operation: { methods: ['GET', 'POST', 'PUT'] } }] },
          {
            from: [{ source: { ipBlocks: ['10.0.0.0/8'] } }],
            when: [{ key: 'request.headers[x-debug]', notValues: ['*'] }],
          },
        ],
      }),
    );
  }
}

// Simulated seconds, as fast as the model can go: each tick covers one second of mesh time.
const base = Date.now();
const tickMs: number[] = [];
const scrapeMs: number[] = [];
const rssAt: string[] = [];
let peakRssMB = 0;
const sampleRss = () => (peakRssMB = Math.max(peakRssMB, Math.round(process.memoryUsage().rss / 2 ** 20)));
for (let i = 1; i <= ticks; i++) {
  const t0 = performance.now();
  mesh.traffic.tick(base + i * 1000);
  tickMs.push(performance.now() - t0);
  sampleRss();
  if (scrapeEvery > 0 && i % scrapeEvery === 0) {
    scrapeClockMs += 60_000;
    const s0 = performance.now();
    prometheus.scrapes.scrapeNow();
    scrapeMs.push(performance.now() - s0);
    sampleRss();
  }
  if (i % 30 === 0) rssAt.push(`${i}:${Math.round(process.memoryUsage().rss / 2 ** 20)}`);
}
const steady = tickMs.slice(5).sort((a, b) => a - b);
const meanTickMs = steady.reduce((a, b) => a + b, 0) / steady.length;
// The process' own high-water mark too, in case RSS peaked between samples (MiB).
peakRssMB = Math.max(peakRssMB, Math.round(process.resourceUsage().maxRSS / 1024));
const tsdbMB = +(prometheus.tsdb.sampleBytes / 1e6).toFixed(1);

/** Times one GET with curl, a separate process, as Prometheus or kubectl would fetch it. */
async function curl(url: string, headers: string[] = []): Promise<{ ms: number; bytes: number }> {
  const args = [
    '-s',
    '-o',
    '/dev/null',
    '-w',
    '%{time_total} %{size_download}',
    ...headers.flatMap((h) => ['-H', h]),
    url,
  ];
  const { stdout } = await run('curl', args);
  const [seconds, bytes] = stdout.trim().split(' ').map(Number);
  return { ms: seconds! * 1000, bytes: bytes! };
}
const scrapes: { ms: number; bytes: number }[] = [];
for (let i = 0; i < 3; i++) scrapes.push(await curl(mesh.endpoints.metrics));
let renderMs = Infinity;
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  // As both scrapes render it: the built-in one in process, /metrics to an HTTP scraper.
  for (const chunk of mesh.metrics.renderChunks(undefined, { reuseBuffers: true })) void chunk;
  renderMs = Math.min(renderMs, performance.now() - t0);
}
const lists: number[] = [];
// As the kubeconfig's admin: without a token the API server answers system:anonymous 403.
const asAdmin = `Authorization: Bearer ${mesh.adminToken}`;
for (let i = 0; i < 5; i++) lists.push((await curl(`${mesh.endpoints.kubernetes}/api/v1/pods`, [asAdmin])).ms);
const tables: number[] = [];
const asTable = 'Accept: application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
for (let i = 0; i < 5; i++)
  tables.push((await curl(`${mesh.endpoints.kubernetes}/api/v1/pods?limit=500`, [asTable, asAdmin])).ms);
const pods = mesh.store.list(GR.pods).length;
const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

console.log(
  JSON.stringify({
    workloads,
    namespaces,
    security: Boolean(values.security),
    startupMs: Math.round(startupMs),
    hopsPerSecond: Math.round(mesh.traffic.hopsEmitted / ticks),
    meanTickMs: +meanTickMs.toFixed(1),
    p95TickMs: +steady[Math.floor(steady.length * 0.95)]!.toFixed(1),
    ticksPerSecond: +(1000 / meanTickMs).toFixed(1),
    series: mesh.metrics.seriesCount,
    scrapeMs: Math.round(median(scrapes.map((s) => s.ms))),
    renderMs: Math.round(renderMs),
    scrapeMB: +(scrapes[0]!.bytes / 1e6).toFixed(1),
    podListMs: Math.round(median(lists)),
    podTable500Ms: Math.round(median(tables)),
    pods,
    ticks,
    scrapes: scrapeMs.length,
    builtinScrapeMs: scrapeMs.length ? Math.round(median([...scrapeMs])) : null,
    tsdbColumns: prometheus.tsdb.columnCount,
    tsdbMB,
    peakRssMB,
    rssMBAtTick: rssAt.join(' '),
  }),
);
await mesh.stop();
process.exit(0);
