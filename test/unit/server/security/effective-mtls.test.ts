// PeerAuthentication as Istio composes it (istio.io, reference/config/security/peer_authentication and concepts/
// security "Peer authentication": mesh-wide in the root namespace, namespace-wide, workload-specific, each narrower
// one overriding unless UNSET; portLevelMtls on a workload policy; none at all = PERMISSIVE; of several at one level
// the oldest applies), read through the console's one matcher of which policies apply (config-reach.ts).
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../server/sources/kubernetes.js';
import { effectiveMtls, mtlsStatus } from '../../../../server/security/effective-mtls.js';
import { policiesInForce } from '../../../../server/security/policies-in-force.js';

const pa = (
  namespace: string,
  name: string,
  spec: Record<string, unknown>,
  created = '2026-01-01T00:00:00Z',
): KubeObject => ({
  kind: 'PeerAuthentication',
  metadata: { name, namespace, creationTimestamp: created },
  spec,
});
const webapp = { namespace: 'demo', workloadLabels: [{ app: 'sa-webapp' }], services: ['sa-webapp'] };
const modes = (objects: KubeObject[]) =>
  effectiveMtls(policiesInForce(objects, webapp, 'istio-system').peerAuthns).map(
    (p) => `${p.port ?? '*'}:${p.mode}:${p.level}`,
  );

describe('the effective PeerAuthentication mode', () => {
  it('is PERMISSIVE by Istio default when no policy applies', () => {
    expect(modes([])).toEqual(['*:PERMISSIVE:default']);
  });

  it('takes the mesh policy of the root namespace, then the namespace, then the workload', () => {
    const mesh = pa('istio-system', 'default', { mtls: { mode: 'STRICT' } });
    const ns = pa('demo', 'default', { mtls: { mode: 'PERMISSIVE' } });
    const workload = pa('demo', 'webapp', {
      selector: { matchLabels: { app: 'sa-webapp' } },
      mtls: { mode: 'DISABLE' },
    });
    expect(modes([mesh])).toEqual(['*:STRICT:mesh']);
    expect(modes([mesh, ns])).toEqual(['*:PERMISSIVE:namespace']);
    expect(modes([mesh, ns, workload])).toEqual(['*:DISABLE:workload']);
  });

  it('inherits from the broader policy when the narrower one is UNSET', () => {
    const mesh = pa('istio-system', 'default', { mtls: { mode: 'STRICT' } });
    const ns = pa('demo', 'default', { mtls: { mode: 'UNSET' } });
    expect(modes([mesh, ns])).toEqual(['*:STRICT:mesh']);
  });

  it('lets a workload policy set a port apart (portLevelMtls)', () => {
    const mesh = pa('istio-system', 'default', { mtls: { mode: 'STRICT' } });
    const workload = pa('demo', 'webapp', {
      selector: { matchLabels: { app: 'sa-webapp' } },
      portLevelMtls: { 8080: { mode: 'PERMISSIVE' } },
    });
    expect(modes([mesh, workload])).toEqual(['*:STRICT:mesh', '8080:PERMISSIVE:port']);
  });

  it("gives each of the workload's ports its mode: its own port-level setting, else the workload-wide one", () => {
    const mesh = pa('istio-system', 'default', { mtls: { mode: 'STRICT' } });
    const workload = pa('demo', 'webapp', {
      selector: { matchLabels: { app: 'sa-webapp' } },
      portLevelMtls: { 8080: { mode: 'PERMISSIVE' } },
    });
    const ports = effectiveMtls(policiesInForce([mesh, workload], webapp, 'istio-system').peerAuthns, [8080, 9090]);
    expect(ports.map((p) => `${p.port ?? '*'}:${p.mode}:${p.level}`)).toEqual([
      '*:STRICT:mesh',
      '8080:PERMISSIVE:port',
      '9090:STRICT:mesh',
    ]);
  });

  it("ignores another workload's policy and another namespace's", () => {
    expect(
      modes([
        pa('demo', 'logic', { selector: { matchLabels: { app: 'sa-logic' } }, mtls: { mode: 'STRICT' } }),
        pa('legacy', 'default', { mtls: { mode: 'STRICT' } }),
      ]),
    ).toEqual(['*:PERMISSIVE:default']);
  });

  it('applies the oldest of two namespace policies', () => {
    const older = pa('demo', 'b-older', { mtls: { mode: 'STRICT' } }, '2026-01-01T00:00:00Z');
    const newer = pa('demo', 'a-newer', { mtls: { mode: 'DISABLE' } }, '2026-02-01T00:00:00Z');
    expect(modes([newer, older])).toEqual(['*:STRICT:namespace']);
  });
});

describe('the mTLS status', () => {
  const strict = [{ port: null, mode: 'STRICT' as const, level: 'mesh' as const, policy: null }];

  it('never says strict for a workload without a sidecar: nothing is enforced', () => {
    const status = mtlsStatus({ ports: strict, sidecars: { withSidecar: 0, pods: 1 }, observed: null });
    expect(status.sidecar).toBe('none');
    expect(status.summary).toMatch(/^No sidecar: nothing is enforced/);
  });

  it('gives the share of inbound requests seen over mTLS and names the plaintext callers', () => {
    const status = mtlsStatus({
      ports: strict,
      sidecars: { withSidecar: 2, pods: 2 },
      observed: { mutualTlsRps: 3, plaintextRps: 1, plaintextCallers: ['legacy/legacy-reports'] },
    });
    expect(status.observed?.mutualTlsShare).toBe(0.75);
    expect(status.summary).toBe(
      'mTLS STRICT; 75 % of inbound requests over mTLS (plaintext from legacy/legacy-reports)',
    );
  });

  it("marks a gateway, whose listeners' TLS its Gateway sets and whose callers come from outside the mesh", () => {
    const status = mtlsStatus({ ports: strict, sidecars: { withSidecar: 1, pods: 1 }, observed: null, gateway: true });
    expect([status.gateway, status.summary]).toEqual([
      true,
      "A gateway: its listeners' TLS comes from its Gateway resources, not from PeerAuthentication, and Istio's metrics do not say how its callers connected",
    ]);
    expect(mtlsStatus({ ports: strict, sidecars: { withSidecar: 1, pods: 1 }, observed: null }).gateway).toBe(false);
  });
});
