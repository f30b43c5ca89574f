// The security answers server-side (what the routes do, JSON included) on the demo with a real Prometheus scraping it:
// a workload's Security tab (policies in force, mTLS seen, allowed and denied calls, warnings) and the simulate call,
// a namespace-wide draft AuthorizationPolicy judged against the last hour's observed calls (the metrics and the
// destination proxies' access logs). The demo runs at 20× its traffic for 3 minutes first, so that the sidecars' logs
// hold about an hour of the demo's calls; the queries and log reads are those of a full hour (the logs are read up to
// their per-pod bound).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMeshWithPrometheus } from '@sextant/mesh-in-a-box';
import { securityQuery, simulateBody } from '../lib/api/security.js';
import { createCaches, type Caches } from '../server/caches.js';
import { loadConfig } from '../server/config.js';
import { loadSecurity } from '../server/security/io/load-security.js';
import { loadSimulation } from '../server/security/io/load-simulation.js';
import { createSources } from '../server/sources/sources.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const RUNS = 30;
const TRAFFIC_SCALE = 20;
const WARM_MS = 180_000;

// A stricter policy than the demo's: only the ingress gateway may call anything in demo.
const GATEWAY_ONLY = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: gateway-only
  namespace: demo
spec:
  action: ALLOW
  rules:
  - from:
    - source:
        principals: ["cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account"]
`;

const started = await startMeshWithPrometheus({
  args: ['--scenario', 'sentiment-analysis', '--seed', '1', '--traffic-scale', String(TRAFFIC_SCALE)],
  kubeconfig: join(mkdtempSync(join(tmpdir(), 'sextant-bench-')), 'kubeconfig'),
});
try {
  const sources = createSources(
    loadConfig({ KUBECONFIG: started.mesh.kubeconfig, PROMETHEUS_URL: started.prometheus.url }),
  );
  await sources.start();
  while (!sources.kubernetes.synced()) await sleep(100);
  for (let waited = 0; ; waited += 5) {
    const [any] = await sources.prometheus!.instant('sum(rate(istio_requests_total{destination_app="sa-webapp"}[1m]))');
    if ((any?.value ?? 0) > 0) break;
    if (waited > 300) throw new Error('no traffic in Prometheus after 300 s');
    await sleep(5_000);
  }
  await sleep(WARM_MS); // an hour of the demo's calls in the logs (20 × 3 minutes)
  // Each row with caches of its own: its first call is cold (reads the hour's lines whole), the next ones read only
  // the lines written since, as the console's process-wide logged-calls cache does; `fresh`: a new cache every call.
  const time = async (what: (caches: Caches) => Promise<unknown>, { runs = RUNS, fresh = false } = {}) => {
    let caches = createCaches();
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      if (fresh) caches = createCaches();
      const t0 = performance.now();
      JSON.stringify(await what(caches));
      samples.push(performance.now() - t0);
      await sleep(100);
    }
    const first = Math.round(samples[0]!);
    samples.sort((a, b) => a - b);
    const at = (q: number) => Math.round(samples[Math.min(samples.length - 1, Math.floor(samples.length * q))]!);
    return { n: samples.length, first, p50: at(0.5), p95: at(0.95), max: Math.round(samples.at(-1)!) };
  };
  const tab = await time((caches) =>
    loadSecurity(sources, caches.loggedCalls, 'demo', 'sa-webapp', securityQuery.parse({ duration: '1h' })),
  );
  let calls = 0;
  const simulate = await time(async (caches) => {
    const answer = await loadSimulation(
      sources,
      caches.loggedCalls,
      'demo',
      simulateBody.parse({ policy: GATEWAY_ONLY }),
    );
    calls = answer.calls.length;
    return answer;
  });
  // The cache's cold call once the process is warm (the rows' first calls also pay for the process's first run).
  const cold = await time(
    (caches) => loadSimulation(sources, caches.loggedCalls, 'demo', simulateBody.parse({ policy: GATEWAY_ONLY })),
    { runs: 10, fresh: true },
  );
  console.log(
    JSON.stringify({
      rows: {
        'Security tab of demo/sa-webapp, 1h': tab,
        [`simulate a namespace-wide draft in demo (${calls} distinct calls)`]: simulate,
        'the same, each call with an empty logged-calls cache (the hour read whole)': cold,
      },
    }),
  );
  await sources.stop();
} finally {
  await started.stop();
}
process.exit(0);
