import { describe, expect, it } from 'vitest';
import { fqdn, indexVirtualServices, serviceHost } from '../../../../server/mesh/istio-refs.js';
import {
  appOf,
  namespaceInjection,
  namespaceMtls,
  namespaceMtlsProxies,
  podHasSidecar,
  versionOf,
} from '../../../../server/mesh/pod-facts.js';
import type { KubeObject } from '../../../../server/sources/kubernetes.js';
import { mtlsText } from '../../../../components/overview/mtls-text.js';

const ns = (labels: Record<string, string>): KubeObject => ({ metadata: { name: 'n', labels } });
const pa = (mode: string, selector?: object): KubeObject => ({
  metadata: { name: 'pa' },
  spec: { mtls: { mode }, ...(selector ? { selector } : {}) },
});

describe('labels Istio reads', () => {
  it('takes app and version from the canonical labels, then app.kubernetes.io, then app/version', () => {
    expect(appOf({ app: 'a', 'app.kubernetes.io/name': 'k' })).toBe('k');
    expect(versionOf({ version: 'v1', 'app.kubernetes.io/version': '1.2' })).toBe('1.2');
    expect(appOf({ run: 'x' })).toBeNull();
  });

  it('reads injection from the namespace labels: istio-injection, istio.io/rev, ambient', () => {
    expect(namespaceInjection(ns({ 'istio-injection': 'enabled' }))).toBe('enabled');
    expect(namespaceInjection(ns({ 'istio.io/rev': 'canary' }))).toBe('revision');
    expect(namespaceInjection(ns({ 'istio-injection': 'disabled', 'istio.io/rev': 'canary' }))).toBe('disabled');
    expect(namespaceInjection(ns({ 'istio.io/dataplane-mode': 'ambient' }))).toBe('ambient');
    expect(namespaceInjection(ns({}))).toBe('disabled');
  });

  it('finds a native sidecar (an init container that keeps running)', () => {
    const pod: KubeObject = {
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'app' }], initContainers: [{ name: 'istio-proxy', restartPolicy: 'Always' }] },
    };
    expect(podHasSidecar(pod)).toBe(true);
    expect(podHasSidecar({ metadata: { name: 'p' }, spec: { containers: [{ name: 'app' }] } })).toBe(false);
  });
});

describe('hosts of Istio config', () => {
  it("resolves names without a dot relative to the config's namespace and takes dotted names as written, as Istio does", () => {
    // pilot/pkg/model/config.go ResolveShortnameToFQDN: only a name with no dot is expanded.
    expect(fqdn('reviews', 'bookinfo')).toBe('reviews.bookinfo.svc.cluster.local');
    expect(fqdn('reviews.other', 'bookinfo')).toBe('reviews.other');
    expect(fqdn('reviews.other.svc', 'bookinfo')).toBe('reviews.other.svc');
    expect(fqdn('api.example.com', 'bookinfo')).toBe('api.example.com');
  });

  it('does not count a VirtualService host written name.namespace as naming that Service', () => {
    const index = indexVirtualServices([
      { metadata: { name: 'dotted', namespace: 'demo' }, spec: { hosts: ['sa-logic.demo'] } },
      { metadata: { name: 'short', namespace: 'demo' }, spec: { hosts: ['sa-logic'] } },
    ]);
    expect(index.refsFor(serviceHost('demo', 'sa-logic')).map((r) => r.name)).toEqual(['short']);
  });

  it("matches wildcard hosts, a sidecar's bare * included, but not the hosts of a gateway-only VirtualService", () => {
    const index = indexVirtualServices([
      { metadata: { name: 'all', namespace: 'demo' }, spec: { hosts: ['*.demo.svc.cluster.local'] } },
      { metadata: { name: 'edge', namespace: 'demo' }, spec: { hosts: ['*'], gateways: ['demo-gateway'] } },
      { metadata: { name: 'mesh', namespace: 'demo' }, spec: { hosts: ['*'], gateways: ['mesh'] } },
    ]);
    expect(index.refsFor(serviceHost('demo', 'sa-logic')).map((r) => r.name)).toEqual(['all', 'mesh']);
    expect(index.refsFor(serviceHost('other', 'sa-logic')).map((r) => r.name)).toEqual(['mesh']);
  });
});

describe('namespace mTLS', () => {
  it("takes the namespace's own policy, else the mesh-wide one, else UNSET; workload policies don't count", () => {
    expect(namespaceMtls([pa('STRICT')], [pa('PERMISSIVE')])).toBe('STRICT');
    expect(namespaceMtls([], [pa('PERMISSIVE')])).toBe('PERMISSIVE');
    expect(namespaceMtls([pa('DISABLE', { matchLabels: { app: 'x' } })], [])).toBe('UNSET');
  });
});

describe('namespace mTLS, true to what enforces it', () => {
  // A PeerAuthentication is programmed into the server's sidecar; a pod without one accepts plaintext whatever the
  // mode says (istio.io/latest/docs/tasks/security/authentication/mtls-migration: "workloads without sidecars").
  const wl = (sidecars: boolean[], isGateway = false) => ({
    isGateway,
    pods: sidecars.map((hasSidecar) => ({ hasSidecar })),
  });

  it('counts pods with a proxy: all, some, none, or none running', () => {
    expect(namespaceMtlsProxies([wl([true, true]), wl([], false)])).toBe('all');
    expect(namespaceMtlsProxies([wl([true]), wl([false])])).toBe('some');
    expect(namespaceMtlsProxies([wl([false, false])])).toBe('none');
    expect(namespaceMtlsProxies([wl([])])).toBe('no-pods');
    // A gateway is an Envoy itself: it enforces without a sidecar.
    expect(namespaceMtlsProxies([wl([false], true)])).toBe('all');
  });

  it('says a STRICT namespace without sidecars is not enforced, and calls it strict only when every pod has one', () => {
    expect(mtlsText({ mtls: 'STRICT', mtlsProxies: 'none' })).toEqual({
      text: 'STRICT set, no sidecars: not enforced',
      enforced: false,
    });
    expect(mtlsText({ mtls: 'STRICT', mtlsProxies: 'some' }).enforced).toBe(false);
    expect(mtlsText({ mtls: 'STRICT', mtlsProxies: 'all' })).toEqual({ text: 'mTLS strict', enforced: true });
    expect(mtlsText({ mtls: 'PERMISSIVE', mtlsProxies: 'all' }).enforced).toBe(false);
  });
});
