// One canary step server-side on the demo (what the runner does once per interval per run): the Lease renewed, the run
// read, the routing read fresh and compared with the last step's, the gates' two Prometheus queries, the decision,
// then the traffic change (plan with checks, apply, audit) and the run saved. Thirty steps of a sa-logic v2 canary
// (1 % at a time), against the mesh in a box in its own process and a real Prometheus scraping it every second; the
// runner's clock is moved an interval per step, so each step is due at once.
import { join } from 'node:path';
import { kubectl, startMeshWithPrometheus } from '@sextant/mesh-in-a-box';
import { canaryStartBody } from '../lib/api/canary.js';
import { createCaches } from '../server/caches.js';
import { loadConfig } from '../server/config.js';
import { kubernetesWrites } from '../server/sources/kubernetes-writes.js';
import { createSources } from '../server/sources/sources.js';
import { canaryStore } from '../server/traffic/canary/io/canary-store.js';
import { startCanary } from '../server/traffic/canary/io/start-canary.js';
import { stepRun, type CanaryDeps } from '../server/traffic/canary/io/step-run.js';
import { trafficDeps } from '../server/traffic/io/traffic-deps.js';

const STEPS = 30;
const INTERVAL_MS = 10_000;
const fixtures = join(import.meta.dirname, '..', '..', 'shared', 'fixtures', 'sentiment-analysis');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// The integration tests' traffic (twenty times the scenario's): enough requests per interval to judge a 10 % canary.
const started = await startMeshWithPrometheus({
  args: ['--scenario', 'sentiment-analysis', '--traffic-scale', '20', '--tick-ms', '250', '--seed', '1'],
});
const { mesh, prometheus } = started;
try {
  await kubectl(mesh.kubeconfig, ['apply', '-f', `${fixtures}/kube/canary/sa-logic-v2.yaml`]);
  await kubectl(mesh.kubeconfig, [
    'apply',
    '-f',
    `${fixtures}/istio/sa-logic-dr.yaml`,
    '-f',
    `${fixtures}/istio/sa-logic-vs.yaml`,
  ]);
  const sources = createSources(loadConfig({ KUBECONFIG: mesh.kubeconfig, PROMETHEUS_URL: prometheus.url }));
  await sources.start();
  while (!sources.kubernetes.synced()) await sleep(100);
  const deps: CanaryDeps = {
    traffic: trafficDeps(sources, createCaches()),
    prometheus: sources.prometheus,
    store: canaryStore(sources.kubernetes, kubernetesWrites(sources.kubernetes)),
  };
  const service = { namespace: 'demo', name: 'sa-logic' };
  // Runs of 10 % steps to 90 %, then promotion; the next run canaries the other way back. v2 fails at random: no
  // success-rate floor, so every step advances and writes (the cost measured is that of a step that writes).
  const lease = { identity: 'canary-bench', durationSeconds: 30 };
  const samples: number[] = [];
  const decisions = new Map<string, number>();
  let clockMs = Date.now();
  for (let runs = 0; samples.length < STEPS; runs++) {
    const [canary, baseline] = runs % 2 === 0 ? ['v2', 'v1'] : ['v1', 'v2'];
    const body = canaryStartBody.parse({
      canary,
      baseline,
      stepWeight: 10,
      maxWeight: 90,
      interval: '10s',
      gates: { minSuccessRate: 0, maxP99Ms: 60_000 },
    });
    const run = await startCanary({ ...deps, minIntervalSeconds: 10 }, service, body);
    clockMs = Math.max(clockMs, Date.parse(run.startedAt));
    for (let phase = run.phase; phase === 'progressing' && samples.length < STEPS;) {
      await sleep(1_500); // a scrape or two of the new split, so the gates have data
      clockMs += INTERVAL_MS;
      const t0 = performance.now();
      const report = await stepRun(deps, service, lease, new Date(clockMs));
      samples.push(performance.now() - t0);
      const key = report.stepped ? report.decision : `skipped: ${report.why}`;
      decisions.set(key, (decisions.get(key) ?? 0) + 1);
      phase = report.stepped ? report.run.phase : phase;
    }
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!);
  await sources.stop();
  console.log(
    JSON.stringify({
      rows: {
        'canary step (Lease, reads, 2 queries, plan + checks + apply, save)': {
          n: sorted.length,
          p50: at(0.5),
          p95: at(0.95),
          max: Math.round(sorted.at(-1)!),
        },
      },
      decisions: Object.fromEntries(decisions),
    }),
  );
} finally {
  await started.stop();
}
