// The Envoy tab's API against the shared mesh in a box: the article's canary as sa-webapp's proxy routes it, the pod
// diff, a pod without a sidecar, a pod that vanished, and the admin passthrough's refusals, proven never forwarded by
// recording every pods/proxy call the console's Kubernetes source makes.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  envoyDiffResponse,
  envoySectionResponse,
  type EnvoySection,
  type EnvoySectionResponse,
} from '../../lib/api/envoy.js';
import { loadConfig } from '../../server/config.js';
import { loadEnvoyAdmin, loadEnvoyDiff, loadEnvoySection } from '../../server/envoy/io/load-envoy.js';
import { createEnvoySource } from '../../server/sources/envoy.js';
import type { KubernetesSource } from '../../server/sources/kubernetes.js';
import { createSources, type Sources } from '../../server/sources/sources.js';
import { FIXTURES, kubectl } from '../helpers/kubectl.js';

const mesh = inject('mesh');
let sources: Sources;
const forwarded: string[] = [];
const page = { filter: '', order: 'asc' as const, offset: 0, limit: 100 };

const podsOf = (namespace: string, app?: string) =>
  sources.kubernetes
    .list('Pod', namespace)
    .filter((p) => !app || p.metadata.labels?.app === app)
    .map((p) => p.metadata.name)
    .sort();
const section = <S extends EnvoySection>(namespace: string, pod: string, name: S, filter = '') =>
  loadEnvoySection(sources, { namespace, pod, section: name }, { ...page, filter }).then(
    (a) => envoySectionResponse.parse(a) as Extract<EnvoySectionResponse, { section: S }>,
  );

beforeAll(async () => {
  const real = createSources(loadConfig({ KUBECONFIG: mesh.kubeconfig }));
  // Every request to a pod's port through the API server goes through proxyGet: recorded here.
  const kubernetes: KubernetesSource = {
    ...real.kubernetes,
    proxyGet: (target, options) => {
      forwarded.push(`${target.pod}:${target.port}${target.path}`);
      return real.kubernetes.proxyGet(target, options);
    },
  };
  sources = { ...real, kubernetes, envoy: createEnvoySource(kubernetes, real.config.envoy) };
  await real.start();
  // Idempotent: the graph suites may have applied the same files already.
  await kubectl(mesh.kubeconfig, ['apply', '-f', `${FIXTURES}/sentiment-analysis/kube/canary/sa-logic-v2.yaml`]);
  await kubectl(mesh.kubeconfig, ['apply', '-f', `${FIXTURES}/sentiment-analysis/istio/sa-logic-vs-canary.yaml`]);
});
afterAll(async () => {
  await sources?.stop();
});

describe('the Envoy API on the live mesh', () => {
  it("shows sa-webapp's route to sa-logic split 90 to subset v1 and 10 to v2 after the canary", async () => {
    const [webapp] = podsOf('demo', 'sa-webapp');
    const routes = await section('demo', webapp!, 'routes', 'sa-logic.demo.svc.cluster.local:80');
    const weighted = routes.rows.find((r) => r.action === 'weighted');
    expect(weighted?.clusters).toEqual([
      { name: 'outbound|80|v1|sa-logic.demo.svc.cluster.local', weight: 90 },
      { name: 'outbound|80|v2|sa-logic.demo.svc.cluster.local', weight: 10 },
    ]);
  });

  it("lists sa-webapp's clusters for both subsets with their endpoints", async () => {
    const [webapp] = podsOf('demo', 'sa-webapp');
    const clusters = await section('demo', webapp!, 'clusters', '|sa-logic.demo');
    const bySubset = new Map(clusters.rows.map((r) => [r.subset, r]));
    expect(bySubset.get('v2')?.endpoints).toBeGreaterThanOrEqual(1);
    expect(bySubset.get('v1')?.endpoints).toBeGreaterThanOrEqual(1);
  });

  it('finds no difference between two sa-logic v1 pods, and refuses to compare pods of different workloads', async () => {
    const v1 = sources.kubernetes
      .list('Pod', 'demo')
      .filter((p) => p.metadata.labels?.app === 'sa-logic' && p.metadata.labels?.version === 'v1')
      .map((p) => p.metadata.name);
    expect(v1.length).toBeGreaterThanOrEqual(2);
    const diff = envoyDiffResponse.parse(
      await loadEnvoyDiff(sources, { namespace: 'demo', pod: v1[0]!, with: v1[1]! }),
    );
    for (const s of diff.sections) expect(s, s.section).toMatchObject({ onlyHere: [], onlyThere: [], differing: [] });
    const [webapp] = podsOf('demo', 'sa-webapp');
    await expect(loadEnvoyDiff(sources, { namespace: 'demo', pod: v1[0]!, with: webapp! })).rejects.toThrow(
      /compare two pods of the same workload/,
    );
  });

  it('says that a pod without a sidecar has none, and asks its proxy nothing', async () => {
    const [legacy] = podsOf('legacy');
    forwarded.length = 0;
    await expect(section('legacy', legacy!, 'clusters')).rejects.toMatchObject({
      status: 409,
      code: 'no_sidecar',
      message: expect.stringContaining(`pod ${legacy} in legacy runs no istio-proxy sidecar`),
    });
    expect(forwarded).toEqual([]);
  });

  it('answers 404 for a pod the cache still lists but the cluster no longer has', async () => {
    const [webapp] = podsOf('demo', 'sa-webapp');
    const stale = structuredClone(sources.kubernetes.get('Pod', 'demo', webapp!)!);
    stale.metadata.name = 'sa-webapp-vanished';
    const vanished: Sources = {
      ...sources,
      kubernetes: {
        ...sources.kubernetes,
        get: (kind, ns, name) => (name === stale.metadata.name ? stale : undefined),
      },
    };
    await expect(
      loadEnvoySection(vanished, { namespace: 'demo', pod: 'sa-webapp-vanished', section: 'routes' }, page),
    ).rejects.toThrow('pod sa-webapp-vanished does not exist in namespace demo');
  });
});

describe('the Envoy admin passthrough', () => {
  const admin = async (path: string, port = '15000') => {
    const [webapp] = podsOf('demo', 'sa-webapp');
    return loadEnvoyAdmin(async () => sources, { namespace: 'demo', pod: webapp!, path, port });
  };

  it.each([
    ['/quitquitquit', '15000'],
    ['/logging?level=trace', '15000'],
    ['/stats', '15020'],
    ['/stats', '8080'],
    ['/stats/../quitquitquit', '15000'],
    ['/stats/%2e%2e/quitquitquit', '15000'],
    ['/%2E%2E/%2E%2E/api/v1/secrets', '15000'],
  ])('refuses %s on port %s with 403 and forwards nothing', async (path, port) => {
    forwarded.length = 0;
    await expect(admin(path, port)).rejects.toMatchObject({ status: 403 });
    expect(forwarded).toEqual([]);
  });

  it('forwards a read-only page to port 15000 of the named pod and returns what its Envoy answered', async () => {
    forwarded.length = 0;
    const answer = await admin('/server_info');
    expect(JSON.parse(answer.body)).toMatchObject({ state: 'LIVE' });
    expect(forwarded).toEqual([`${answer.pod}:15000/server_info`]);
  });
});
