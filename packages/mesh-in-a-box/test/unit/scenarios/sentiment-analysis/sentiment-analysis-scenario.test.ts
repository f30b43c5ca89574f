import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadScenario } from '../../../../src/scenarios/index.js';
import type { Scenario } from '../../../../src/scenarios/scenario.js';
import type { KubeObject } from '../../../../src/store/kube-object.js';
import { GR } from '../../../../src/store/resource-types.js';
import { containerNames, endpointIps, meshUnderTest, subsetsOf } from '../mesh-under-test.js';
import { FIXTURES } from '../../../helpers/fixtures.js';

const CANARY = `${FIXTURES}/sentiment-analysis/kube/canary/sa-logic-v2.yaml`;

describe('the sentiment-analysis scenario', () => {
  let scenario: Scenario;
  let mesh: ReturnType<typeof meshUnderTest>;
  const pods = (namespace: string, app?: string) =>
    mesh.store.list(GR.pods, namespace).filter((p) => app === undefined || p.metadata.labels?.app === app);

  beforeEach(() => {
    scenario = loadScenario('sentiment-analysis');
    mesh = meshUnderTest();
    mesh.apply(...scenario.objects);
  });

  it('runs the four apps in demo, with injection on', () => {
    expect(mesh.store.get(GR.namespaces, undefined, 'demo')!.metadata.labels!['istio-injection']).toBe('enabled');
    const apps = new Set(pods('demo').map((p) => p.metadata.labels!.app));
    expect([...apps].sort()).toEqual(['sa-feedback', 'sa-frontend', 'sa-logic', 'sa-webapp']);
    expect(pods('demo', 'sa-frontend')[0]!.metadata.labels!.version).toBe('white');
  });

  it('runs sa-logic v1 as two ready pods with sidecars and canonical labels, both in its Endpoints', () => {
    const logic = pods('demo', 'sa-logic');
    expect(logic).toHaveLength(2);
    for (const pod of logic) {
      expect(containerNames(pod)).toEqual(['sa-logic', 'istio-proxy']);
      expect(pod.metadata.labels).toMatchObject({
        'service.istio.io/canonical-name': 'sa-logic',
        'service.istio.io/canonical-revision': 'v1',
      });
      expect(pod.status.conditions).toContainEqual(expect.objectContaining({ type: 'Ready', status: 'True' }));
    }
    const endpoints = mesh.store.get(GR.endpoints, 'demo', 'sa-logic')!;
    expect(endpointIps(endpoints)).toEqual(logic.map((p) => p.status.podIP).sort());
    expect(subsetsOf(endpoints)[0]!.ports).toEqual([{ name: 'http', port: 5000, protocol: 'TCP' }]);
  });

  it('leaves the legacy client and keycloak (created outside the mesh, as the article does) without a sidecar', () => {
    expect(pods('legacy').map(containerNames)).toEqual([['legacy-reports']]);
    expect(pods('keycloak').map(containerNames)).toEqual([['keycloak']]);
  });

  it('runs istiod and an ingress gateway whose only container is its proxy, behind a LoadBalancer', () => {
    const gateway = pods('istio-system', 'istio-ingressgateway');
    expect(gateway.map(containerNames)).toEqual([['istio-proxy']]);
    expect(gateway[0]!.metadata.labels).toMatchObject({ istio: 'ingressgateway' });
    const service = mesh.store.get(GR.services, 'istio-system', 'istio-ingressgateway')!;
    expect(
      service.spec.ports.map(
        (p: { name: string; port: number; targetPort: number }) => `${p.name} ${p.port}→${p.targetPort}`,
      ),
    ).toEqual(['status-port 15021→15021', 'http2 80→8080', 'https 443→8443']);
    expect(service.status.loadBalancer.ingress[0].ip).toBeTruthy();
    expect(
      mesh.store.get(GR.services, 'istio-system', 'istiod')!.spec.ports.map((p: { port: number }) => p.port),
    ).toEqual([15010, 15012, 443, 15014]);
    const meshConfig = parse((mesh.store.get(GR.configmaps, 'istio-system', 'istio')!.data as { mesh: string }).mesh);
    expect(meshConfig).toMatchObject({
      accessLogFile: '/dev/stdout',
      accessLogEncoding: 'TEXT',
      defaultConfig: { tracing: { sampling: 100 } },
    });
  });

  it('routes the ingress by path and pins sa-logic to v1', () => {
    const vs = mesh.store.get(GR.virtualservices, 'demo', 'sa-external-services')!;
    const routes = vs.spec.http.map(
      (r: { route: { destination: { host: string } }[] }) => r.route[0]!.destination.host,
    );
    expect(routes).toEqual(['sa-frontend', 'sa-webapp', 'sa-feedback', 'keycloak.keycloak.svc.cluster.local']);
    expect(mesh.store.get(GR.virtualservices, 'demo', 'sa-logic')!.spec.http[0].route).toEqual([
      { destination: { host: 'sa-logic', subset: 'v1' }, weight: 100 },
    ]);
    expect(
      mesh.store.get(GR.destinationrules, 'demo', 'sa-logic')!.spec.subsets.map((s: { name: string }) => s.name),
    ).toEqual(['v1', 'v2']);
  });

  it('sends outside traffic through the ingress gateway and legacy traffic straight to sa-webapp', () => {
    const [browsers, legacy] = scenario.clients;
    expect(browsers).toMatchObject({
      from: 'outside',
      host: 'istio-ingressgateway.istio-system.svc.cluster.local',
      port: 80,
    });
    expect(browsers!.rps).toBeGreaterThanOrEqual(2);
    expect(browsers!.requests.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(['GET /', 'GET /static/js/main.js', 'POST /sentiment', 'POST /feedback']),
    );
    expect(legacy).toMatchObject({ from: 'legacy/legacy-reports', requests: [{ method: 'POST', path: '/sentiment' }] });
    const webapp = scenario.behaviourFor(pods('demo', 'sa-webapp')[0]!)!;
    expect(webapp.calls).toEqual([
      expect.objectContaining({ host: 'sa-logic', port: 80, method: 'POST', path: '/analyse/sentiment' }),
    ]);
    // No random failures at baseline: Kiali's default tolerance marks any 5xx Degraded.
    for (const app of ['sa-frontend', 'sa-webapp', 'sa-logic', 'sa-feedback'])
      expect(scenario.behaviourFor(pods('demo', app)[0]!)!.errorRatio).toBe(0);
  });

  it('turns the course canary manifest into a failing v2 pod that joins sa-logic', () => {
    const canary = parse(readFileSync(CANARY, 'utf8')) as KubeObject;
    mesh.apply({ ...canary, metadata: { ...canary.metadata, namespace: 'demo' } });

    const v2 = pods('demo', 'sa-logic').filter((p) => p.metadata.labels!.version === 'v2');
    expect(v2).toHaveLength(1);
    expect(containerNames(v2[0]!)).toEqual(['sa-logic', 'istio-proxy']);
    expect(v2[0]!.metadata.labels!['service.istio.io/canonical-revision']).toBe('v2');
    expect(endpointIps(mesh.store.get(GR.endpoints, 'demo', 'sa-logic'))).toContain(v2[0]!.status.podIP);
    expect(endpointIps(mesh.store.get(GR.endpoints, 'demo', 'sa-logic'))).toHaveLength(3);
    expect(scenario.behaviourFor(v2[0]!)!.failRandomly).toBe(true);
    const v1 = pods('demo', 'sa-logic').find((p) => p.metadata.labels!.version === 'v1')!;
    expect(scenario.behaviourFor(v1)!.failRandomly).toBeFalsy();
  });

  it('replaces the pods when a template changes', () => {
    const before = pods('demo', 'sa-webapp')[0]!;
    const deployment = mesh.store.get(GR.deployments, 'demo', 'sa-webapp')!;
    const template = structuredClone(deployment.spec.template);
    template.spec.containers[0].image = 'rinormaloku/sentiment-analysis-web-app:v2';
    mesh.apply({ ...deployment, spec: { ...deployment.spec, template } });

    const after = pods('demo', 'sa-webapp');
    expect(after).toHaveLength(1);
    expect(after[0]!.metadata.name).not.toBe(before.metadata.name);
    expect(after[0]!.spec.containers[0].image).toBe('rinormaloku/sentiment-analysis-web-app:v2');
    expect(endpointIps(mesh.store.get(GR.endpoints, 'demo', 'sa-webapp'))).toEqual([after[0]!.status.podIP]);
  });

  it('removes the pods and endpoints of a deleted deployment', () => {
    mesh.remove(mesh.store.get(GR.deployments, 'demo', 'sa-feedback')!);
    expect(pods('demo', 'sa-feedback')).toEqual([]);
    expect(endpointIps(mesh.store.get(GR.endpoints, 'demo', 'sa-feedback'))).toEqual([]);
    expect(mesh.store.list(GR.replicasets, 'demo').map((rs) => rs.metadata.labels!.app)).not.toContain('sa-feedback');
  });
});
