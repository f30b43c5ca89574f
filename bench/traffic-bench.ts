// A traffic change server-side on the demo (what POST …/traffic does twice, JSON included): the plan with its checks
// (fresh reads, validation, a server-side dry-run and an access review per object, GitOps ownership), then the apply
// of that plan (the same reads and checks again, the token compared, the writes, the audit entry). Thirty weights
// changes of sa-logic (90/10, 80/20, … alternating), against the mesh in a box in its own process.
import { join } from 'node:path';
import { kubectl, startMeshChild } from '@sextant/mesh-in-a-box';
import { trafficChangeBody } from '../lib/api/traffic-change.js';
import { createCaches } from '../server/caches.js';
import { loadConfig } from '../server/config.js';
import { createSources } from '../server/sources/sources.js';
import { changeTraffic } from '../server/traffic/io/change-traffic.js';
import { trafficDeps } from '../server/traffic/io/traffic-deps.js';

const RUNS = 30;
// ../shared/fixtures beside the repository, as the workplace and CI lay it out.
const fixtures = join(import.meta.dirname, '..', '..', 'shared', 'fixtures', 'sentiment-analysis');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const mesh = await startMeshChild({ args: ['--scenario', 'sentiment-analysis', '--seed', '1'] });
try {
  await kubectl(mesh.kubeconfig, ['apply', '-f', `${fixtures}/kube/canary/sa-logic-v2.yaml`]);
  await kubectl(mesh.kubeconfig, [
    'apply',
    '-f',
    `${fixtures}/istio/sa-logic-dr.yaml`,
    '-f',
    `${fixtures}/istio/sa-logic-vs.yaml`,
  ]);
  const sources = createSources(loadConfig({ KUBECONFIG: mesh.kubeconfig }));
  await sources.start();
  while (!sources.kubernetes.synced()) await sleep(100);
  const caches = createCaches();
  const service = { namespace: 'demo', name: 'sa-logic' };
  const samples = { plan: [] as number[], apply: [] as number[], total: [] as number[] };
  for (let i = 0; i < RUNS; i++) {
    const canary = 10 * ((i % 5) + 1);
    const weights = { v1: 100 - canary, v2: canary };
    const deps = trafficDeps(sources, caches);
    const t0 = performance.now();
    const planned = await changeTraffic(deps, service, trafficChangeBody.parse({ weights, dryRun: true }));
    JSON.stringify(planned);
    const t1 = performance.now();
    const body = trafficChangeBody.parse({ weights, resourceVersion: planned.plan.resourceVersion });
    JSON.stringify(await changeTraffic(deps, service, body));
    const t2 = performance.now();
    samples.plan.push(t1 - t0);
    samples.apply.push(t2 - t1);
    samples.total.push(t2 - t0);
  }
  const stats = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!);
    return { n: sorted.length, p50: at(0.5), p95: at(0.95), max: Math.round(sorted.at(-1)!) };
  };
  await sources.stop();
  console.log(
    JSON.stringify({
      rows: {
        'plan + checks (dryRun)': stats(samples.plan),
        'apply (re-plan, checks, writes, audit)': stats(samples.apply),
        'plan + checks + apply': stats(samples.total),
      },
    }),
  );
} finally {
  await mesh.stop();
}
