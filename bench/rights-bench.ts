// What a person's rights cost on the 5,000-workload mesh (issue 21's budgets): the overview (/api/namespaces' loader)
// as the console's own sources and through a person's view (their SelfSubjectRulesReview per namespace, cached), taking
// turns; and what finding the person's sources adds to an API call with the reviews cached, and without them (every
// namespace reviewed). The person is a ServiceAccount bound to `view` cluster-wide, with Istio's kinds aggregated into
// it by deploy/rbac/istio-view-edit.yaml: they see everything, so both views draw the same overview. Prints one JSON line.
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import type { RequestUser } from '../server/auth/request-user.js';
import { startSyntheticMeshChild } from './synthetic-mesh.js';

const { values } = parseArgs({
  options: { workloads: { type: 'string' }, namespaces: { type: 'string' }, rounds: { type: 'string' } },
});
const workloads = Number(values.workloads ?? 5000);
const namespaces = Number(values.namespaces ?? 50);
const rounds = Number(values.rounds ?? 30);

const mesh = await startSyntheticMeshChild({ workloads, namespaces });
try {
  const kubectl = (...args: string[]) =>
    execFileSync('kubectl', ['--kubeconfig', mesh.kubeconfig, ...args], { encoding: 'utf8' });
  kubectl('apply', '-f', 'deploy/rbac/istio-view-edit.yaml');
  kubectl('create', 'serviceaccount', 'bench-viewer', '-n', 'default');
  kubectl(
    'create',
    'clusterrolebinding',
    'bench-viewer',
    '--clusterrole=view',
    '--serviceaccount=default:bench-viewer',
  );
  const token = kubectl('create', 'token', 'bench-viewer', '-n', 'default').trim();
  Object.assign(process.env, {
    KUBECONFIG: mesh.kubeconfig,
    PROMETHEUS_URL: mesh.endpoints['prometheus'] ?? '',
    SEXTANT_AUTH_STRATEGY: 'token',
    SEXTANT_SESSION_SECRET: 'bench-session-secret-0123456789abcdef',
    SEXTANT_CANARY_RUNNER: 'off',
  });
  const { getSources } = await import('../server/sources/sources.js');
  const { sourcesFor } = await import('../server/auth/io/user-sources.js');
  const { loadNamespaces } = await import('../server/mesh/io/load-namespaces.js');
  const person: RequestUser = {
    name: 'system:serviceaccount:default:bench-viewer',
    groups: ['system:serviceaccounts', 'system:authenticated'],
    strategy: 'token',
    credentials: { kind: 'token', token },
  };
  const own = await getSources();
  while (!own.kubernetes.synced()) await new Promise((r) => setTimeout(r, 100));
  const namespaceCount = own.kubernetes.list('Namespace').length;

  // Cold: every namespace's rules asked (what a person's first request, or one after the rights expired, waits on).
  let started = performance.now();
  const first = await sourcesFor(person);
  const coldReviewsMs = performance.now() - started;
  if (first.kubernetes.list('Namespace').length !== namespaceCount)
    throw new Error('the bench person should see every namespace');

  // Warm: what finding the person's sources adds to every API call once the reviews are cached.
  const warm: number[] = [];
  for (let i = 0; i < 2_000; i++) {
    started = performance.now();
    await sourcesFor(person);
    warm.push(performance.now() - started);
  }

  await new Promise((r) => setTimeout(r, 5_000)); // some traffic in Prometheus, as console-bench waits
  const q = { window: '5m' };
  const anonymous: number[] = [];
  const viewer: number[] = [];
  for (let i = 0; i < rounds; i++) {
    started = performance.now();
    const a = JSON.stringify(await loadNamespaces(own, q));
    anonymous.push(performance.now() - started);
    started = performance.now();
    const v = JSON.stringify(await loadNamespaces(await sourcesFor(person), q));
    viewer.push(performance.now() - started);
    if (i === 0 && JSON.parse(a).length !== JSON.parse(v).length)
      throw new Error('the person and the console should see the same namespaces');
    await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
  }
  const at = (ms: number[], q: number) => {
    const sorted = [...ms].sort((x, y) => x - y);
    return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]! * 100) / 100;
  };
  console.log(
    JSON.stringify({
      workloads,
      namespaces: namespaceCount,
      coldReviewsMs: Math.round(coldReviewsMs),
      warmSourcesP50Ms: at(warm, 0.5),
      warmSourcesP95Ms: at(warm, 0.95),
      overviewAnonymousP50Ms: at(anonymous, 0.5),
      overviewAnonymousP95Ms: at(anonymous, 0.95),
      overviewPersonP50Ms: at(viewer, 0.5),
      overviewPersonP95Ms: at(viewer, 0.95),
      personOverAnonymousP50: Math.round((at(viewer, 0.5) / at(anonymous, 0.5)) * 100) / 100,
    }),
  );
  await own.stop();
} finally {
  await mesh.stop();
}
process.exit(0);
