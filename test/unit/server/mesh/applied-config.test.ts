// Which Istio config applies to a workload, as istiod decides: workload policies by selector in the workload's
// namespace or the root namespace (istio/istio pilot/pkg/model/authentication.go getConfigsForWorkload: the
// workload's namespace then the root namespace, selector a subset of the labels, none meaning all), targetRefs naming
// a Service, host config by the service's FQDN with wildcards (Istio's short-name rule), and Gateway API routes by
// backendRefs and GAMMA parentRefs (gateway-api: a backendRef's kind defaults to Service in the core group).
import { describe, expect, it } from 'vitest';
import { appliedConfig } from '../../../../server/mesh/applied-config.js';
import { indexDestinationRules, indexVirtualServices } from '../../../../server/mesh/istio-refs.js';
import type { KubeObject } from '../../../../server/sources/kubernetes.js';

const obj = (kind: string, namespace: string, name: string, spec: object = {}): KubeObject => ({
  kind,
  metadata: { name, namespace },
  spec: spec as Record<string, unknown>,
});

const saLogicV2 = { app: 'sa-logic', version: 'v2' };
const target = { namespace: 'demo', workloadLabels: [saLogicV2], services: ['sa-logic'] };

function applied(objects: KubeObject[], vs: KubeObject[] = [], dr: KubeObject[] = []) {
  return appliedConfig(
    {
      rootNamespace: 'istio-system',
      objects,
      virtualServices: indexVirtualServices(vs),
      destinationRules: indexDestinationRules(dr),
    },
    target,
  ).map((r) => `${r.kind} ${r.namespace}/${r.name}`);
}

describe('the Istio config that applies to a workload', () => {
  it.each([
    ['AuthorizationPolicy', { selector: { matchLabels: { app: 'sa-logic' } } }],
    ['PeerAuthentication', { selector: { matchLabels: { version: 'v2' } } }],
    ['RequestAuthentication', { selector: { matchLabels: { app: 'sa-logic', version: 'v2' } } }],
    ['Telemetry', { selector: { matchLabels: { app: 'sa-logic' } } }],
    ['WasmPlugin', { selector: { matchLabels: { app: 'sa-logic' } } }],
    ['Sidecar', { workloadSelector: { labels: { app: 'sa-logic' } } }],
    ['EnvoyFilter', { workloadSelector: { labels: { app: 'sa-logic' } } }],
  ])('picks a %s whose selector matches the labels, and not one that asks for others', (kind, spec) => {
    const other = JSON.parse(JSON.stringify(spec).replace(/"sa-logic"|"v2"/g, '"sa-web"')) as object;
    expect(applied([obj(kind, 'demo', 'mine', spec), obj(kind, 'demo', 'theirs', other)])).toEqual([
      `${kind} demo/mine`,
    ]);
  });

  it("picks one Sidecar per workload: its own by selector, else its namespace's default, else the root's", () => {
    const own = obj('Sidecar', 'demo', 'sa-logic', { workloadSelector: { labels: { app: 'sa-logic' } } });
    const nsDefault = obj('Sidecar', 'demo', 'default', { egress: [{ hosts: ['./*'] }] });
    const rootDefault = obj('Sidecar', 'istio-system', 'default', { egress: [{ hosts: ['./*'] }] });
    const rootSelecting = obj('Sidecar', 'istio-system', 'selecting', {
      workloadSelector: { labels: { app: 'sa-logic' } },
    });
    expect(applied([rootDefault, nsDefault, own, rootSelecting])).toEqual(['Sidecar demo/sa-logic']);
    expect(applied([rootDefault, nsDefault, rootSelecting])).toEqual(['Sidecar demo/default']);
    expect(applied([rootDefault, rootSelecting])).toEqual(['Sidecar istio-system/default']);
  });

  it("applies a policy without selector to its whole namespace, and not to another namespace's workloads", () => {
    expect(
      applied([
        obj('AuthorizationPolicy', 'demo', 'deny-all', {}),
        obj('AuthorizationPolicy', 'shop', 'deny-all', {}),
        obj('PeerAuthentication', 'demo', 'strict', { selector: { matchLabels: {} }, mtls: { mode: 'STRICT' } }),
      ]),
    ).toEqual(['AuthorizationPolicy demo/deny-all', 'PeerAuthentication demo/strict']);
  });

  it('applies the root namespace (istio-system) policies mesh-wide, selector or not', () => {
    expect(
      applied([
        obj('PeerAuthentication', 'istio-system', 'default', { mtls: { mode: 'STRICT' } }),
        obj('EnvoyFilter', 'istio-system', 'lua', { workloadSelector: { labels: { version: 'v2' } } }),
        obj('EnvoyFilter', 'istio-system', 'gateway-only', {
          workloadSelector: { labels: { istio: 'ingressgateway' } },
        }),
      ]),
    ).toEqual(['EnvoyFilter istio-system/lua', 'PeerAuthentication istio-system/default']);
  });

  it('attaches a policy with targetRefs to the Service it names instead of selecting by labels', () => {
    expect(
      applied([
        obj('AuthorizationPolicy', 'demo', 'at-service', {
          targetRefs: [{ kind: 'Service', group: '', name: 'sa-logic' }],
        }),
        obj('AuthorizationPolicy', 'demo', 'at-other', { targetRef: { kind: 'Service', group: '', name: 'sa-web' } }),
        obj('AuthorizationPolicy', 'demo', 'at-gateway', {
          targetRefs: [{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'waypoint' }],
        }),
      ]),
    ).toEqual(['AuthorizationPolicy demo/at-service']);
  });

  it('finds VirtualServices, DestinationRules and ServiceEntries by host, short names and wildcards included', () => {
    const vs = [
      obj('VirtualService', 'demo', 'sa-logic', {
        hosts: ['sa-logic'],
        http: [{ route: [{ destination: { host: 'sa-logic' } }] }],
      }),
      obj('VirtualService', 'demo', 'other', { hosts: ['sa-web'] }),
    ];
    const dr = [obj('DestinationRule', 'istio-system', 'all-demo', { host: '*.demo.svc.cluster.local' })];
    const se = [
      obj('ServiceEntry', 'demo', 'same-host', { hosts: ['sa-logic.demo.svc.cluster.local'] }),
      obj('ServiceEntry', 'demo', 'external', { hosts: ['api.example.com'] }),
      obj('ServiceEntry', 'demo', 'selects', {
        hosts: ['vm.example'],
        workloadSelector: { labels: { app: 'sa-logic' } },
      }),
    ];
    expect(applied(se, vs, dr)).toEqual([
      'DestinationRule istio-system/all-demo',
      'ServiceEntry demo/same-host',
      'ServiceEntry demo/selects',
      'VirtualService demo/sa-logic',
    ]);
  });

  it('finds Gateway API routes that send to the service or are attached to it (GAMMA)', () => {
    expect(
      applied([
        obj('HTTPRoute', 'demo', 'canary', {
          parentRefs: [{ name: 'gw' }],
          rules: [{ backendRefs: [{ name: 'sa-logic', port: 80 }] }],
        }),
        obj('HTTPRoute', 'demo', 'mesh', { parentRefs: [{ kind: 'Service', group: '', name: 'sa-logic' }] }),
        obj('GRPCRoute', 'other', 'cross', { rules: [{ backendRefs: [{ name: 'sa-logic', namespace: 'demo' }] }] }),
        obj('HTTPRoute', 'demo', 'elsewhere', { rules: [{ backendRefs: [{ name: 'sa-web' }] }] }),
        obj('HTTPRoute', 'shop', 'same-name', { rules: [{ backendRefs: [{ name: 'sa-logic' }] }] }),
      ]),
    ).toEqual(['GRPCRoute other/cross', 'HTTPRoute demo/canary', 'HTTPRoute demo/mesh']);
  });
});
