import { describe, expect, it } from 'vitest';
import { DEFAULT_TOLERANCES } from '../../../../server/config.js';
import { NotFoundError } from '../../../../server/errors.js';
import { buildAppDetail, buildServiceDetail, buildWorkloadDetail } from '../../../../server/mesh/build-details.js';
import type { MeshInputs } from '../../../../server/mesh/build-mesh.js';
import { buildWorkloads } from '../../../../server/mesh/build-workloads.js';
import { compileTolerances } from '../../../../server/mesh/health.js';
import { indexDestinationRules, indexVirtualServices } from '../../../../server/mesh/istio-refs.js';
import type { KubeObject } from '../../../../server/sources/kubernetes.js';

// sa-logic v1 and v2 (one Deployment each, pods listed out of order) behind one Service.
function version(v: string, pods: string[]): KubeObject[] {
  const labels = { app: 'sa-logic', version: v };
  return [
    {
      kind: 'Deployment',
      metadata: { name: `sa-logic-${v}`, namespace: 'demo' },
      spec: { replicas: pods.length, template: { metadata: { labels } } },
    },
    ...pods.map((name) => ({
      kind: 'Pod',
      metadata: {
        name,
        namespace: 'demo',
        labels,
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: `sa-logic-${v}`, controller: true }],
      },
      spec: { containers: [{ name: 'app' }, { name: 'istio-proxy' }] },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
    })),
  ];
}
const objects = [...version('v1', ['sa-logic-v1-b', 'sa-logic-v1-a']), ...version('v2', ['sa-logic-v2-a'])];
const service: KubeObject = {
  kind: 'Service',
  metadata: { name: 'sa-logic', namespace: 'demo', creationTimestamp: '2026-01-02T03:04:05Z' },
  spec: { selector: { app: 'sa-logic' }, ports: [{ name: 'http', port: 80, protocol: 'TCP' }] },
};
const inputs: MeshInputs = {
  namespace: 'demo',
  workloads: buildWorkloads('demo', {
    namespace: { metadata: { name: 'demo', labels: { 'istio-injection': 'enabled' } } },
    pods: objects.filter((o) => o.kind === 'Pod'),
    replicaSets: [],
    deployments: objects.filter((o) => o.kind === 'Deployment'),
    statefulSets: [],
    daemonSets: [],
  }),
  services: [service],
  virtualServices: indexVirtualServices([]),
  destinationRules: indexDestinationRules([]),
  traffic: null,
  tolerances: compileTolerances(DEFAULT_TOLERANCES),
  istioNamespace: 'istio-system',
};

describe('detail pages', () => {
  it("gives a workload's page its pods by name and the services that select it", () => {
    const detail = buildWorkloadDetail(inputs, 'sa-logic-v1');
    expect(detail.podList.map((p) => p.name)).toEqual(['sa-logic-v1-a', 'sa-logic-v1-b']);
    expect(detail.services).toEqual(['sa-logic']);
  });

  it("gives an app's page each of its workloads with that workload's own pods", () => {
    const detail = buildAppDetail(inputs, 'sa-logic');
    expect(detail.workloadList.map((w) => [w.name, w.podList.map((p) => p.name)])).toEqual([
      ['sa-logic-v1', ['sa-logic-v1-a', 'sa-logic-v1-b']],
      ['sa-logic-v2', ['sa-logic-v2-a']],
    ]);
  });

  it("gives a service's page the time it was created", () => {
    expect(buildServiceDetail(inputs, 'sa-logic').createdAt).toBe('2026-01-02T03:04:05Z');
  });

  it("gives a service's page the pods behind it, each with its workload and kubectl's columns", () => {
    const detail = buildServiceDetail(inputs, 'sa-logic');
    expect(
      detail.podList.map((p) => [p.name, p.workload, p.status, `${p.readyContainers}/${p.totalContainers}`]),
    ).toEqual([
      ['sa-logic-v1-a', 'sa-logic-v1', 'Running', '0/2'],
      ['sa-logic-v1-b', 'sa-logic-v1', 'Running', '0/2'],
      ['sa-logic-v2-a', 'sa-logic-v2', 'Running', '0/2'],
    ]);
  });

  it('lists on every detail page the policies that select its workloads, beside the host config', () => {
    const policy = (kind: string, namespace: string, name: string, spec: object): KubeObject => ({
      kind,
      metadata: { name, namespace },
      spec: spec as Record<string, unknown>,
    });
    const config = {
      rootNamespace: 'istio-system',
      objects: [
        policy('AuthorizationPolicy', 'demo', 'only-v2', { selector: { matchLabels: { version: 'v2' } } }),
        policy('PeerAuthentication', 'istio-system', 'mesh-strict', { mtls: { mode: 'STRICT' } }),
      ],
    };
    const names = (refs: { kind: string; name: string }[]) => refs.map((r) => `${r.kind}/${r.name}`);
    expect(names(buildWorkloadDetail(inputs, 'sa-logic-v1', config).istioConfig)).toEqual([
      'PeerAuthentication/mesh-strict',
    ]);
    expect(names(buildAppDetail(inputs, 'sa-logic', config).istioConfig)).toEqual([
      'AuthorizationPolicy/only-v2',
      'PeerAuthentication/mesh-strict',
    ]);
    expect(names(buildServiceDetail(inputs, 'sa-logic', config).istioConfig)).toEqual([
      'AuthorizationPolicy/only-v2',
      'PeerAuthentication/mesh-strict',
    ]);
  });

  it('names what the namespace does not hold', () => {
    expect(() => buildWorkloadDetail(inputs, 'ghost')).toThrow(
      new NotFoundError('workload ghost does not exist in namespace demo'),
    );
    expect(() => buildAppDetail(inputs, 'ghost')).toThrow('app ghost does not exist in namespace demo');
    expect(() => buildServiceDetail(inputs, 'ghost')).toThrow(NotFoundError);
  });
});
