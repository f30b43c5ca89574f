// PeerAuthentication composed as istiod composes it (istio/istio pilot/pkg/security/authn/policy_applier.go
// ComposePeerAuthentication; istio.io docs/concepts/security "Peer authentication" and the PeerAuthentication
// reference for portLevelMtls).
import { describe, expect, it } from 'vitest';
import { composePeerAuthentication, mtlsModeAt } from '../../../src/security/peer-authentication.js';
import { policy } from './authz-helpers.js';

const webapp = { namespace: 'demo', labels: { app: 'sa-webapp' } };
const pa = (namespace: string, name: string, spec: object, createdAt?: string) =>
  policy('PeerAuthentication', namespace, name, spec, createdAt);
const modeOf = (policies: ReturnType<typeof pa>[], port?: number) =>
  mtlsModeAt(composePeerAuthentication(policies, webapp), port);

describe('PeerAuthentication', () => {
  it('is PERMISSIVE with no policy at all', () => {
    expect(modeOf([])).toBe('PERMISSIVE');
  });

  it('lets the workload policy override the namespace policy, which overrides the mesh policy', () => {
    const mesh = pa('istio-system', 'default', { mtls: { mode: 'STRICT' } });
    const namespace = pa('demo', 'default', { mtls: { mode: 'PERMISSIVE' } });
    const workload = pa('demo', 'webapp', {
      selector: { matchLabels: { app: 'sa-webapp' } },
      mtls: { mode: 'DISABLE' },
    });
    expect(modeOf([mesh])).toBe('STRICT');
    expect(modeOf([mesh, namespace])).toBe('PERMISSIVE');
    expect(modeOf([mesh, namespace, workload])).toBe('DISABLE');
  });

  it('inherits from the level above when a mode is UNSET or absent', () => {
    const mesh = pa('istio-system', 'default', { mtls: { mode: 'STRICT' } });
    const unset = pa('demo', 'default', { mtls: { mode: 'UNSET' } });
    const noMtls = pa('demo', 'webapp', { selector: { matchLabels: { app: 'sa-webapp' } } });
    expect(modeOf([mesh, unset, noMtls])).toBe('STRICT');
  });

  it('lets the oldest policy win when two apply at the same level', () => {
    const older = pa('demo', 'b-strict', { mtls: { mode: 'STRICT' } }, '2026-01-01T00:00:00Z');
    const newer = pa('demo', 'a-permissive', { mtls: { mode: 'PERMISSIVE' } }, '2026-02-01T00:00:00Z');
    expect(modeOf([newer, older])).toBe('STRICT');
  });

  it('ignores a selector policy in the root namespace ("workload-level policy, aka the one with selector and not in root namespace")', () => {
    const rootSelector = pa('istio-system', 'webapp', {
      selector: { matchLabels: { app: 'sa-webapp' } },
      mtls: { mode: 'STRICT' },
    });
    expect(modeOf([rootSelector])).toBe('PERMISSIVE');
  });

  it('applies portLevelMtls on the workload policy by container port, an UNSET port taking the workload mode', () => {
    const workload = pa('demo', 'webapp', {
      selector: { matchLabels: { app: 'sa-webapp' } },
      mtls: { mode: 'STRICT' },
      portLevelMtls: { '8080': { mode: 'PERMISSIVE' }, '9090': { mode: 'UNSET' } },
    });
    expect(modeOf([workload], 8080)).toBe('PERMISSIVE');
    expect(modeOf([workload], 9090)).toBe('STRICT');
    expect(modeOf([workload], 80)).toBe('STRICT'); // the Service port is not the key
  });

  it('ignores portLevelMtls on a namespace-wide policy (port-level settings need a selector)', () => {
    const namespace = pa('demo', 'default', {
      mtls: { mode: 'STRICT' },
      portLevelMtls: { '8080': { mode: 'DISABLE' } },
    });
    expect(modeOf([namespace], 8080)).toBe('STRICT');
  });
});
