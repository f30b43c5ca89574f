// The charts' change markers and the Overview's "Istio config that applies" answer the same question with one matcher
// (server/mesh/config-reach.ts): for each app, workload and service, the objects whose changes mark its charts are
// exactly the objects its Overview lists. The objects cover every rule (host config, selectors, selector-less
// policies, the root namespace, targetRefs, and Istio's Sidecar precedence: a workload's own Sidecar hides its
// namespace's default) of the kinds the console's watch sees (Telemetry, WasmPlugin and Gateway API routes are listed
// per page, not watched, so their changes are not seen).
import { describe, expect, it } from 'vitest';
import type { IstioKind } from '../../../../lib/istio-kinds.js';
import { createChangeLog } from '../../../../server/changes/change-log.js';
import { appliedConfig, configTarget } from '../../../../server/mesh/applied-config.js';
import { linkServices } from '../../../../server/mesh/build-mesh.js';
import { indexDestinationRules, indexVirtualServices } from '../../../../server/mesh/istio-refs.js';
import { namespaceWorkloads } from '../../../../server/mesh/namespace-workloads.js';
import type { KubeCache } from '../../../../server/sources/kube-cache.js';
import type { KubeObject } from '../../../../server/sources/kubernetes.js';

const pod = (name: string, labels: Record<string, string>): KubeObject => ({
  kind: 'Pod',
  metadata: { name, namespace: 'demo', labels },
  spec: { containers: [{ name: 'app' }] },
  status: { phase: 'Running' },
});
const service = (name: string, app = name): KubeObject => ({
  kind: 'Service',
  metadata: { name, namespace: 'demo' },
  spec: { selector: { app } },
});
const cluster: Record<string, KubeObject[]> = {
  Namespace: [{ kind: 'Namespace', metadata: { name: 'demo' } }],
  Pod: [
    pod('sa-logic-v1', { app: 'sa-logic', version: 'v1' }),
    pod('sa-logic-v2', { app: 'sa-logic', version: 'v2' }),
    pod('sa-frontend', { app: 'sa-frontend', version: 'v1' }),
  ],
  Service: [service('sa-logic'), service('sa-frontend')],
};
const cache: KubeCache = {
  list: (kind, namespace) =>
    (cluster[kind] ?? []).filter((o) => namespace === undefined || o.metadata.namespace === namespace),
  get: (kind, namespace, name) =>
    (cluster[kind] ?? []).find((o) => o.metadata.name === name && o.metadata.namespace === namespace),
};

const config = (kind: IstioKind, namespace: string, name: string, spec: object): KubeObject => ({
  kind,
  metadata: { name, namespace, generation: 1 },
  spec: spec as Record<string, unknown>,
});
const hostConfig = [
  config('VirtualService', 'demo', 'sa-logic', {
    hosts: ['sa-logic'],
    http: [{ route: [{ destination: { host: 'sa-logic', subset: 'v1' }, weight: 90 }] }],
  }),
  config('VirtualService', 'demo', 'via-gateway', {
    hosts: ['*'],
    gateways: ['http-gateway'],
    http: [{ route: [{ destination: { host: 'sa-frontend' } }] }],
  }),
  config('DestinationRule', 'demo', 'sa-logic', { host: 'sa-logic' }),
  config('DestinationRule', 'istio-system', 'all-demo', { host: '*.demo.svc.cluster.local' }),
];
const others = [
  config('ServiceEntry', 'demo', 'same-host', { hosts: ['sa-logic.demo.svc.cluster.local'] }),
  config('ServiceEntry', 'demo', 'vm', { hosts: ['vm.example'], workloadSelector: { labels: { app: 'sa-frontend' } } }),
  config('Gateway', 'demo', 'http-gateway', { selector: { app: 'sa-frontend' }, servers: [] }),
  config('AuthorizationPolicy', 'demo', 'v2-only', { selector: { matchLabels: { version: 'v2' } } }),
  config('AuthorizationPolicy', 'demo', 'at-frontend', {
    targetRefs: [{ kind: 'Service', group: '', name: 'sa-frontend' }],
  }),
  config('AuthorizationPolicy', 'shop', 'deny-all', {}),
  config('PeerAuthentication', 'demo', 'strict', { mtls: { mode: 'STRICT' } }),
  config('PeerAuthentication', 'istio-system', 'mesh', { mtls: { mode: 'STRICT' } }),
  config('EnvoyFilter', 'istio-system', 'lua', { workloadSelector: { labels: { app: 'sa-logic' } } }),
];
const sidecars = [
  config('Sidecar', 'demo', 'default', { egress: [{ hosts: ['./*'] }] }),
  config('Sidecar', 'demo', 'sa-logic', { workloadSelector: { labels: { app: 'sa-logic' } } }),
];
// The watch cache holds the Sidecars, as a list gives them (without kind): the markers read the others from it.
cluster['Sidecar'] = sidecars.map(({ kind: _kind, ...item }) => item);
const all = [...hostConfig, ...others, ...sidecars];

const entities = (['apps', 'workloads', 'services'] as const).flatMap((resource) =>
  (resource === 'workloads' ? ['sa-logic-v1', 'sa-logic-v2', 'sa-frontend'] : ['sa-logic', 'sa-frontend']).map(
    (name) => ({ namespace: 'demo', resource, name }),
  ),
);

describe('change markers and the Overview agree', () => {
  const log = createChangeLog({
    cache,
    rootNamespace: 'istio-system',
    istioKinds: new Set(all.map((o) => o.kind ?? '')),
    nowSeconds: () => 1_000,
  });
  for (const object of all) log.record({ type: 'add', kind: object.kind as IstioKind, object });
  const workloads = namespaceWorkloads(cache, 'demo');
  const links = linkServices(workloads, cache.list('Service', 'demo'));

  it.each(entities)('marks the charts of $resource/$name with exactly the objects its Overview lists', (entity) => {
    const listed = appliedConfig(
      {
        rootNamespace: 'istio-system',
        objects: [...others, ...sidecars],
        virtualServices: indexVirtualServices(hostConfig.filter((o) => o.kind === 'VirtualService')),
        destinationRules: indexDestinationRules(hostConfig.filter((o) => o.kind === 'DestinationRule')),
      },
      configTarget(workloads, links, entity),
    ).map((r) => `${r.kind} ${r.namespace}/${r.name}`);
    const marked = log.touching(entity, 0, 2_000).map((c) => `${c.kind} ${c.namespace}/${c.name}`);
    expect(listed.length).toBeGreaterThan(3);
    expect([...marked].sort()).toEqual([...listed].sort());
  });
});
