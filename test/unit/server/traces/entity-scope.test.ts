// Which spans are an entity's: Istio names a proxy's tracing service `<canonical service>.<namespace>`, so the app
// sa-logic is `sa-logic.demo` for both its versions, while the workload sa-logic keeps only its own pods' spans, not
// sa-logic-v2's (whose pod names also start with "sa-logic-").
import { describe, expect, it } from 'vitest';
import type { Span } from '../../../../lib/api/traces.js';
import type { KubeCache } from '../../../../server/sources/kube-cache.js';
import type { KubeObject } from '../../../../server/sources/kubernetes.js';
import { entityScope } from '../../../../server/traces/entity-scope.js';

function pod(name: string, labels: Record<string, string>, replicaSet: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'demo',
      labels,
      ownerReferences: [{ kind: 'ReplicaSet', name: replicaSet, controller: true }],
    },
    spec: { containers: [{ name: 'app' }, { name: 'istio-proxy' }] },
    status: { phase: 'Running' },
  } as unknown as KubeObject;
}
function replicaSet(name: string, deployment: string): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: 'demo',
      ownerReferences: [{ kind: 'Deployment', name: deployment, controller: true }],
    },
  } as unknown as KubeObject;
}
function deployment(name: string, version: string): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'demo' },
    spec: { replicas: 1, template: { metadata: { labels: { app: 'sa-logic', version } } } },
  } as unknown as KubeObject;
}
const objects: Record<string, KubeObject[]> = {
  Namespace: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo' } } as unknown as KubeObject],
  Pod: [
    pod('sa-logic-5d8f9-aaaaa', { app: 'sa-logic', version: 'v1' }, 'sa-logic-5d8f9'),
    pod('sa-logic-v2-7c6b4-bbbbb', { app: 'sa-logic', version: 'v2' }, 'sa-logic-v2-7c6b4'),
  ],
  ReplicaSet: [replicaSet('sa-logic-5d8f9', 'sa-logic'), replicaSet('sa-logic-v2-7c6b4', 'sa-logic-v2')],
  Deployment: [deployment('sa-logic', 'v1'), deployment('sa-logic-v2', 'v2')],
  Service: [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'sa-logic-svc', namespace: 'demo' },
      spec: { selector: { app: 'sa-logic' } },
    } as unknown as KubeObject,
  ],
};
const cache: KubeCache = {
  get: ((kind: string, _ns: string | undefined, name: string) =>
    objects[kind]?.find((o) => o.metadata.name === name)) as KubeCache['get'],
  list: ((kind: string) => objects[kind] ?? []) as KubeCache['list'],
};
const span = (pod: string): Span => ({
  spanId: pod,
  parentId: null,
  service: 'sa-logic.demo',
  operation: 'op',
  startTime: 0,
  duration: 1,
  pod,
  namespace: 'demo',
  requestId: null,
  error: false,
  tags: {},
});

describe("an entity's spans", () => {
  it('an app is its tracing service, every version', () => {
    const scope = entityScope(cache, { namespace: 'demo', resource: 'apps', name: 'sa-logic' });
    expect(scope.services).toEqual(['sa-logic.demo']);
    expect(scope.owns(span('sa-logic-v2-7c6b4-bbbbb'))).toBe(true);
  });

  it("a workload keeps its own pods' spans, and those of a pod gone since, but not the other version's", () => {
    const scope = entityScope(cache, { namespace: 'demo', resource: 'workloads', name: 'sa-logic' });
    expect(scope.services).toEqual(['sa-logic.demo']);
    expect(scope.owns(span('sa-logic-5d8f9-aaaaa'))).toBe(true);
    expect(scope.owns(span('sa-logic-5d8f9-zzzzz'))).toBe(true); // replaced in a rollout
    expect(scope.owns(span('sa-logic-v2-7c6b4-bbbbb'))).toBe(false);
  });

  it('a service is the tracing services of the workloads it selects, whatever its own name', () => {
    const scope = entityScope(cache, { namespace: 'demo', resource: 'services', name: 'sa-logic-svc' });
    expect(scope.services).toEqual(['sa-logic.demo']);
  });
});
