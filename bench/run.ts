// `npm run bench`: prints figures (not pass/fail) for the budgets the issues name.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { MESH_ENV, MESH_NODE_FLAGS } from '@sextant/mesh-in-a-box';

const root = join(import.meta.dirname, '..');

function runJson<T = Record<string, number>>(
  script: string,
  args: string[],
  nodeFlags: string[] = [],
  env: Readonly<Record<string, string>> = {},
): T {
  const out = execFileSync(
    process.execPath,
    // tsx as a loader in this node, not its CLI: the CLI starts another node without these flags (so --expose-gc
    // and the heap size never reached the scripts).
    ['--max-old-space-size=4096', ...nodeFlags, '--import', 'tsx', join(root, script), ...args],
    {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...env },
    },
  );
  return JSON.parse(out.trim().split('\n').pop()!) as T;
}

console.log('Mesh in a box (synthetic scenario), one process per size');
// The same V8 flags and environment as `npm run mesh` (MESH_NODE_FLAGS, MESH_ENV), so the figures are those of the
// mesh users run.
// 5,000 workloads run 300 ticks: memory still grew after the stores filled (~130 ticks) as new series appeared.
const rows = [1000, 5000].map((workloads) =>
  runJson(
    'packages/mesh-in-a-box/bench/mesh-bench.ts',
    ['--workloads', String(workloads), '--ticks', workloads >= 5000 ? '300' : '150'],
    MESH_NODE_FLAGS,
    MESH_ENV,
  ),
);
// With Istio security in force on every request (mesh-wide STRICT, a mesh-wide DENY, an ALLOW per namespace): the
// policies' cost on the tick. 150 ticks: the tick settles long before memory does.
rows.push(
  runJson(
    'packages/mesh-in-a-box/bench/mesh-bench.ts',
    ['--workloads', '5000', '--ticks', '150', '--security'],
    MESH_NODE_FLAGS,
    MESH_ENV,
  ),
);
console.table(rows);
console.log(
  'Budgets: 5,000 workloads tick once a second on one core (meanTickMs < 1000) under 1 GiB (peakRssMB < 1024),',
);
console.log('         with the policies evaluated for every request too (security: true);');
console.log('         a /metrics scrape of 1,000 workloads under 500 ms.');

console.log(
  '\nBuilt-in Prometheus (PromQL) against a real Prometheus 2.42 on the same synthetic mesh, one process per size',
);
const promqlRows = [1000, 5000].map((workloads) =>
  runJson('packages/mesh-in-a-box/bench/promql-bench.ts', ['--workloads', String(workloads)]),
);
console.table(promqlRows);
console.log('Budget: the graph queries over 5,000 workloads within 2× of the real Prometheus (every *Ratio ≤ 2).');

console.log(
  '\nConsole server on 5,000 synthetic workloads in 50 namespaces (mesh in a box with its built-in Prometheus)',
);
const consoleFigures = runJson<{
  cacheMiB: number;
  syncMs: number;
  rows: Record<string, { n: number; p50: number; p95: number; max: number }>;
}>('bench/console-bench.ts', ['--workloads', '5000', '--namespaces', '50'], ['--expose-gc']);
console.log(`watch cache: ${consoleFigures.cacheMiB} MiB of heap, synced in ${consoleFigures.syncMs} ms`);
console.table(consoleFigures.rows);
console.log('Budgets: list endpoints under 100 ms p95 with 5,000 workloads cached; the cache under 300 MiB.');

console.log('\nTraffic tab API (one hop around an entity) on 5,000 synthetic workloads in 50 namespaces, window 5m');
console.table(
  runJson<{ rows: Record<string, Record<string, number>> }>('bench/entity-traffic-bench.ts', [
    '--workloads',
    '5000',
    '--namespaces',
    '50',
  ]).rows,
);
console.log(
  'Budget: a service of the 5,000-workload mesh under 1 s p95 server-side, without building the whole graph.',
);

console.log('\nMetrics tab server-side: every chart of one entity split by version over 10 min, JSON included');
console.table([
  runJson('bench/entity-metrics-bench.ts', ['--mesh', 'demo']),
  runJson('bench/entity-metrics-bench.ts', ['--mesh', 'synthetic', '--workloads', '5000']),
]);
console.log('Budgets: p95 under 300 ms on the demo, under 1 s for a service of the 5,000-workload mesh.');

console.log('\nThe overview in Chromium on the demo (sentiment-analysis), fresh browser context, median of five');
console.table([runJson('bench/overview-browser-bench.ts', [])]);
console.log('Budget: first paint under 1.5 s (firstPaintMs); cardMs is when the demo card shows its apps and health.');

console.log('\nA 500-span trace in the Traces tab in Chromium (synthetic trace, median of five)');
console.table([runJson('bench/trace-waterfall-bench.ts', [])]);
console.log("Budget: the waterfall drawn under 500 ms from the trace's answer (waterfallMs).");

console.log('\nService graph on the synthetic mesh (answers of the built-in Prometheus; the builder timed alone)');
const graphRows = [1000, 5000].map((workloads) =>
  runJson('bench/graph-bench.ts', ['--workloads', String(workloads)], ['--expose-gc']),
);
console.table(graphRows);
console.log(
  'Budgets: the 5,000-workload graph built in < 200 ms and < 50 ms per 1,000 edges; ≤ 6 queries a refresh; payload < 5 MB.',
);

console.log('\nGraph page in Chromium on 1,000 synthetic workloads (canvas vs WebGL renderer)');
console.table(
  runJson<{ runs: Record<string, unknown>[] }>('bench/graph-browser-bench.ts', ['--workloads', '1000']).runs,
);
console.log(
  'Budgets: the 1,000-node graph interactive in under 3 s (interactiveMs < 3000), panning at 30 fps or more.',
);

console.log('\nGraph page in Chromium on 5,000 synthetic workloads in 50 namespaces, drawn grouped by namespace');
const large = runJson<{ window: string; runs: Record<string, unknown>[] }>('bench/graph-browser-bench.ts', [
  '--workloads',
  '5000',
  '--namespaces',
  '50',
  '--group',
  'on',
]);
console.table(large.runs);
console.log(
  `Window ${large.window}: the smallest the page offers that holds three scrapes (the mesh scrapes every 60 s at this size).`,
);
console.log('fromNavigationMs is what a person waits: from navigation to the laid-out graph, the API answer included.');

console.log(
  '\nValidation: 10,000 Istio objects with 5,000 workloads (cold, and one changed object), the CLI on ~1,000 objects',
);
console.table([runJson('bench/validation-bench.ts', [])]);
console.log('Budgets: coldMs < 1000, oneChangeMs < 50, cliMs < 2000 (Node start-up included).');

console.log(
  '\nEnvoy tab: a proxy of the 5,000-workload synthetic mesh, its config_dump and /clusters parsed and tabled',
);
console.table([runJson('bench/envoy-bench.ts', ['--workloads', '5000'], ['--expose-gc'])]);
console.log('Budget: the Clusters table (dump parsed, rows built, first filtered page) in under 200 ms (p95Ms).');

console.log('\nAccess logs: 100,000 lines (TEXT and JSON, from the real samples) split from a log answer and parsed');
console.table([runJson('bench/access-log-bench.ts', ['--lines', '100000'])]);
console.log('Budget: parsing 100,000 access-log lines in under 1 s (medianMs < 1000).');

console.log('\nThe "why" summary of sa-logic for a 15-minute range (compared with an hour before) on the demo');
console.table([runJson('bench/why-bench.ts', [])]);
console.log('Budget: the summary for a 15-minute range in under 1 s (p95) on the demo.');

console.log(
  "\nSecurity on the demo (real Prometheus): a workload's Security tab, and a draft policy simulated over the last hour",
);
console.table(runJson<{ rows: Record<string, Record<string, number>> }>('bench/security-bench.ts', []).rows);
console.log('Budget: the simulate call over an hour of observed calls of the demo in under 200 ms (p95).');

console.log(
  '\nA traffic change of sa-logic on the demo (mesh in a box): plan with checks (dryRun), then apply, 30 weights changes',
);
console.table(runJson<{ rows: Record<string, Record<string, number>> }>('bench/traffic-bench.ts', []).rows);
console.log('Budget: plan + checks + apply under 500 ms (p95).');

console.log(
  "\nA canary step of sa-logic v2 on the demo (mesh in a box, real Prometheus): Lease, reads, the gates' queries, plan, apply, save",
);
const canaryFigures = runJson<{ rows: Record<string, Record<string, number>>; decisions: Record<string, number> }>(
  'bench/canary-bench.ts',
  [],
);
console.table(canaryFigures.rows);
console.log(`decisions: ${JSON.stringify(canaryFigures.decisions)}`);
console.log("Budget: a step's decision (queries + plan + apply) under 1 s p95.");

console.log(
  '\nWhat a login adds to an API call: a trivial route through jsonRoute, anonymous and with a token session',
);
const authFigures = runJson<Record<string, number>>('bench/auth-bench.ts', []);
console.table({
  'anonymous (no session to read)': { p95Ms: authFigures['anonymousP95Ms'] },
  'token session (cookie decrypted)': { p95Ms: authFigures['tokenP95Ms'] },
  'added by the login': { p50Ms: authFigures['addedP50Ms'], p95Ms: authFigures['addedP95Ms'] },
});
console.log(
  "\nA person's rights on 5,000 synthetic workloads in 50 namespaces: their sources (rules reviews cached, and cold), and the overview as the console and as a person who may view everything",
);
const rights = runJson<Record<string, number>>('bench/rights-bench.ts', ['--workloads', '5000', '--namespaces', '50']);
console.table({
  "finding a person's sources, reviews cached": {
    p50Ms: rights['warmSourcesP50Ms'],
    p95Ms: rights['warmSourcesP95Ms'],
  },
  [`reviewing every namespace (${rights['namespaces']}), cold`]: { p50Ms: rights['coldReviewsMs'] },
  'overview as the console (anonymous)': {
    p50Ms: rights['overviewAnonymousP50Ms'],
    p95Ms: rights['overviewAnonymousP95Ms'],
  },
  'overview as a person (filtered view)': {
    p50Ms: rights['overviewPersonP50Ms'],
    p95Ms: rights['overviewPersonP95Ms'],
  },
});
console.log(
  `Budgets: authentication and authorization add under 5 ms p95 to an API call with cached reviews (login ${authFigures['addedP95Ms']} ms + rights ${rights['warmSourcesP95Ms']} ms); a person's overview no more than 1.5× the anonymous one (${rights['personOverAnonymousP50']}× at p50).`,
);

console.log(
  "\nThe console's image (Dockerfile) without Docker: its runtime stage's files assembled, `node server.js` started there",
);
const image = runJson<Record<string, number | number[]>>('bench/image-bench.ts', []);
console.table({
  'image size (MB)': {
    app: image['appMB'],
    'base: distroless cc-debian12': image['baseCcDebian12MB'],
    'base: Node binary': image['baseNodeBinaryMB'],
    total: image['imageMB'],
    budget: 200,
  },
});
console.log(`the app layer gzip'd, as a registry stores it: ${image['appGzipMB']} MB`);
console.table({
  'cold start to /readyz 200 on the demo': {
    value: `${image['coldStartMedianMs']} ms (median of ${String(image['coldStartMs'])})`,
    budget: '< 5 s',
  },
  'heap used at 5,000 workloads': {
    value: `${image['heapUsedMiB']} MiB (peak read ${image['heapPeakMiB']} MiB; graph of ${image['graphNodes']} nodes)`,
    budget: '< 300 MiB',
  },
});
console.log(
  'Budgets: the image under 200 MB; cold start to /readyz under 5 s against the demo; a replica at 5,000 workloads, after the graph of every namespace, the overview and a service page were asked three times each, under 300 MiB of heap (NODE_OPTIONS=--max-old-space-size=512, as the Deployment sets it; read from its /metrics).',
);
