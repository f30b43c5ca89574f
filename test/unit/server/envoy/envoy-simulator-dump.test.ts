// The parsers on the mesh in a box's own dumps (Envoy's snake_case, as /config_dump writes it), read through the
// console's Envoy source from a mesh started in this process with the article's 90/10 canary of sa-logic applied.
import { readFileSync } from 'node:fs';
import { applyObject, startMeshInBox, type KubeObject, type MeshInABox } from '@sextant/mesh-in-a-box';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { envoySectionResponse } from '../../../../lib/api/envoy.js';
import { loadConfig } from '../../../../server/config.js';
import { loadEnvoySection } from '../../../../server/envoy/io/load-envoy.js';
import { parseDump } from '../../../../server/envoy/parse-dump.js';
import { CLUSTER_STATS_FILTER } from '../../../../server/envoy/cluster-status.js';
import { createSources, type Sources } from '../../../../server/sources/sources.js';
import { FIXTURES } from '../../../helpers/fixtures.js';

let mesh: MeshInABox;
let sources: Sources;
const podOf = async (app: string) =>
  (await sources.kubernetes.getJson(`/api/v1/namespaces/demo/pods?labelSelector=app%3D${app}`)) as {
    items: KubeObject[];
  };

beforeAll(async () => {
  mesh = await startMeshInBox({ builtinPrometheus: false });
  for (const file of ['kube/canary/sa-logic-v2.yaml', 'istio/sa-logic-vs-canary.yaml']) {
    for (const doc of parseAllDocuments(readFileSync(`${FIXTURES}/sentiment-analysis/${file}`, 'utf8'))) {
      const obj = doc.toJS() as KubeObject;
      applyObject(mesh.store, { ...obj, metadata: { namespace: 'demo', ...obj.metadata } });
    }
  }
  sources = createSources(loadConfig({ KUBECONFIG: mesh.kubeconfig }));
}, 60_000);
afterAll(async () => {
  await mesh?.stop();
});

describe("the parsers on the simulator's dumps", () => {
  it("read sa-webapp's route to sa-logic as the canary's weighted clusters, 90 to v1 and 10 to v2", async () => {
    const pod = (await podOf('sa-webapp')).items[0]!.metadata.name;
    const configDump = await sources.envoy.configDump({ namespace: 'demo', pod });
    const { routes } = parseDump({ configDump }, Date.now());
    const toLogic = routes.rows.filter((r) => r.virtualHost.startsWith('sa-logic.demo.svc.cluster.local'));
    expect(toLogic).toHaveLength(1);
    expect(toLogic[0]).toMatchObject({
      action: 'weighted',
      clusters: [
        { name: 'outbound|80|v1|sa-logic.demo.svc.cluster.local', weight: 90 },
        { name: 'outbound|80|v2|sa-logic.demo.svc.cluster.local', weight: 10 },
      ],
      istioConfig: '/apis/networking.istio.io/v1/namespaces/demo/virtual-service/sa-logic',
    });
  });

  it('join each cluster with its live hosts and its subset, and read the workload certificate as /certs reports it', async () => {
    const target = { namespace: 'demo', pod: (await podOf('sa-webapp')).items[0]!.metadata.name };
    const [configDump, clusters, stats, certs] = await Promise.all([
      sources.envoy.configDump(target),
      sources.envoy.clusters(target),
      sources.envoy.stats(target, { filter: CLUSTER_STATS_FILTER }),
      sources.envoy.certs(target),
    ]);
    const parsed = parseDump({ configDump, clusters, stats }, Date.now());
    const v2 = parsed.clusters.rows.find((r) => r.name === 'outbound|80|v2|sa-logic.demo.svc.cluster.local')!;
    expect(v2).toMatchObject({
      subset: 'v2',
      host: 'sa-logic.demo.svc.cluster.local',
      endpoints: 1,
      healthyEndpoints: 1,
    });
    expect(parsed.listeners.rows.map((r) => r.name)).toContain('virtualInbound');
    // Envoy's own /certs on the same proxy says which SPIFFE id and expiry the certificate has.
    const chain = (
      certs as { certificates: { cert_chain: { subject_alt_names: { uri: string }[]; expiration_time: string }[] }[] }
    ).certificates.flatMap((c) => c.cert_chain);
    const workload = parsed.secrets.rows.find((r) => r.name === 'default')!;
    expect(workload.spiffeId).toBe(chain[0]!.subject_alt_names[0]!.uri);
    expect(workload.spiffeId).toBe('spiffe://cluster.local/ns/demo/sa/sa-webapp');
    expect(Date.parse(workload.notAfter!)).toBe(Date.parse(chain[0]!.expiration_time));
    const bootstrap = new Map(parsed.bootstrap.rows.map((r) => [r.key, r.value]));
    expect(bootstrap.get('metadata.NAMESPACE')).toBe('demo');
  });

  it('answers a page of a section, filtered, within its contract', async () => {
    const pod = (await podOf('sa-webapp')).items[0]!.metadata.name;
    const answer = await loadEnvoySection(
      sources,
      { namespace: 'demo', pod, section: 'routes' },
      { filter: 'sa-logic', order: 'asc', offset: 0, limit: 5 },
    );
    const page = envoySectionResponse.parse(answer);
    expect(page.rows.length).toBeGreaterThan(0);
    expect(page.raw).toHaveLength(page.rows.length);
    expect(page.total).toBeLessThan(page.all);
  });

  it('says in words that a pod without a sidecar has no Envoy, and that a missing pod does not exist', async () => {
    const legacy = (await sources.kubernetes.getJson('/api/v1/namespaces/legacy/pods')) as { items: KubeObject[] };
    const q = { filter: '', order: 'asc' as const, offset: 0, limit: 10 };
    await expect(
      loadEnvoySection(sources, { namespace: 'legacy', pod: legacy.items[0]!.metadata.name, section: 'clusters' }, q),
    ).rejects.toMatchObject({
      status: 409,
      code: 'no_sidecar',
      message: expect.stringMatching(/runs no istio-proxy sidecar/),
    });
    await expect(
      loadEnvoySection(sources, { namespace: 'demo', pod: 'sa-logic-gone', section: 'clusters' }, q),
    ).rejects.toThrow('pod sa-logic-gone does not exist in namespace demo');
  });
});
