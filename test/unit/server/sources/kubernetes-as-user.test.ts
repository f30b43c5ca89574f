import { describe, expect, it } from 'vitest';
import { userAccessOf, type ResourceRule } from '../../../../server/auth/access-rules.js';
import type { KubeObject, KubernetesSource } from '../../../../server/sources/kubernetes.js';
import { kubernetesAsUser } from '../../../../server/sources/kubernetes-as-user.js';
import { CORE_TYPES, type CachedKind } from '../../../../server/sources/watched-kinds.js';

const object = (kind: string, namespace: string | undefined, name: string): KubeObject => ({
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}) },
});

/** The shared cache: two namespaces with a pod and a VirtualService each. */
function sharedCache(): KubernetesSource {
  const objects: [CachedKind, KubeObject][] = [
    ['Namespace', object('Namespace', undefined, 'demo')],
    ['Namespace', object('Namespace', undefined, 'istio-system')],
    ['Pod', object('Pod', 'demo', 'sa-logic-1')],
    ['Pod', object('Pod', 'istio-system', 'istiod-1')],
    ['VirtualService', object('VirtualService', 'demo', 'sa-logic')],
  ];
  const types = new Map([
    ...CORE_TYPES.map((t) => [t.kind, t] as const),
    [
      'VirtualService' as CachedKind,
      {
        kind: 'VirtualService' as CachedKind,
        group: 'networking.istio.io',
        version: 'v1',
        resource: 'virtualservices',
        namespaced: true,
      },
    ],
  ]);
  const shared = {
    user: 'console',
    cluster: 'mesh',
    server: 'https://mesh',
    resourceOf: (kind: CachedKind) => types.get(kind),
    list: (kind: CachedKind, ns?: string) =>
      objects.filter(([k, o]) => k === kind && (ns === undefined || o.metadata.namespace === ns)).map(([, o]) => o),
    get: (kind: CachedKind, ns: string | undefined, name: string) =>
      objects.find(([k, o]) => k === kind && o.metadata.name === name && o.metadata.namespace === ns)?.[1],
    callsAs: () => ({}),
    changes: () => 7,
  };
  return shared as unknown as KubernetesSource;
}

// Kubernetes' `view` in demo: pods and the namespace, no Istio kinds (they are not aggregated into view).
const VIEW: ResourceRule[] = [{ verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods', 'namespaces'] }];
const viewer = {
  name: 'viewer',
  groups: [],
  strategy: 'token' as const,
  credentials: { kind: 'token' as const, token: 't' },
};

describe("a person's view of the shared watch cache", () => {
  const view = kubernetesAsUser(
    sharedCache(),
    viewer,
    userAccessOf(
      new Map([
        ['demo', VIEW],
        ['istio-system', []],
      ]),
    ),
  );

  it('lists the namespaces they may get, and only their objects across all namespaces', () => {
    expect(view.list('Namespace').map((n) => n.metadata.name)).toEqual(['demo']);
    expect(view.list('Pod').map((p) => p.metadata.name)).toEqual(['sa-logic-1']);
    expect(view.list('Pod', 'istio-system')).toEqual([]);
  });

  it('hides a kind their rules do not name, even in a namespace they see', () => {
    expect(view.list('VirtualService', 'demo')).toEqual([]);
    expect(view.get('VirtualService', 'demo', 'sa-logic')).toBeUndefined();
    expect(view.get('Pod', 'demo', 'sa-logic-1')?.metadata.name).toBe('sa-logic-1');
  });

  it('acts for the person, over the same cache count, and knows the shared source behind it', () => {
    expect(view.user).toBe('viewer');
    expect(view.actingFor).toEqual({ person: 'viewer' });
    expect(view.changes()).toBe(7);
    expect(view.shared.user).toBe('console');
  });
});
