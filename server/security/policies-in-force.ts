// The security policies in force on a workload: the AuthorizationPolicies, RequestAuthentications and
// PeerAuthentications whose reach (server/mesh/config-reach.ts, the one matcher of "which Istio objects apply":
// selector, namespace-wide, the root namespace for the mesh, targetRefs) includes it. Pure.
import type { PolicyInForce, PolicyScope } from '../../lib/api/security.js';
import { reachOf, reaches, targetHosts, type ConfigReach, type ConfigTarget } from '../mesh/config-reach.js';
import type { KubeObject } from '../sources/kubernetes.js';
import { readAuthzPolicy, type AuthzPolicy } from './authz-policy.js';
import type { LevelledPolicy } from './effective-mtls.js';
import { authzSummary, peerAuthnSummary, requestAuthnSummary } from './policy-words.js';

export const SECURITY_KINDS = ['AuthorizationPolicy', 'RequestAuthentication', 'PeerAuthentication'] as const;

export interface PoliciesInForce {
  policies: PolicyInForce[];
  /** The AuthorizationPolicies, read for evaluation. */
  authz: AuthzPolicy[];
  requestAuthns: KubeObject[];
  peerAuthns: LevelledPolicy[];
}

function scopeOf(reach: ConfigReach): PolicyScope {
  const clause = reach[0];
  switch (clause?.by) {
    case 'selector':
      return 'workload';
    case 'namespace':
      return 'namespace';
    case 'mesh':
      return 'mesh';
    default:
      return 'targetRef';
  }
}

const ORDER: Record<string, number> = { CUSTOM: 0, DENY: 1, ALLOW: 2, AUDIT: 3 };

/** `objects`: the three kinds, of every namespace, each with its kind set. */
export function policiesInForce(
  objects: readonly KubeObject[],
  target: ConfigTarget,
  rootNamespace: string,
): PoliciesInForce {
  const hosts = targetHosts(target);
  const out: PoliciesInForce = { policies: [], authz: [], requestAuthns: [], peerAuthns: [] };
  for (const object of objects) {
    const kind = object.kind ?? '';
    if (!(SECURITY_KINDS as readonly string[]).includes(kind)) continue;
    const reach = reachOf(kind, object, rootNamespace);
    if (!reaches(reach, target, hosts)) continue;
    const ref = { kind, namespace: object.metadata.namespace ?? '', name: object.metadata.name };
    const scope = scopeOf(reach);
    if (kind === 'AuthorizationPolicy') {
      const policy = readAuthzPolicy(object);
      out.authz.push(policy);
      out.policies.push({ ref, scope, action: policy.action, summary: authzSummary(policy) });
    } else if (kind === 'RequestAuthentication') {
      out.requestAuthns.push(object);
      out.policies.push({ ref, scope, summary: requestAuthnSummary(object) });
    } else {
      out.peerAuthns.push({
        object,
        level: scope === 'mesh' ? 'mesh' : scope === 'namespace' ? 'namespace' : 'workload',
      });
      out.policies.push({ ref, scope, summary: peerAuthnSummary(object) });
    }
  }
  // Istio's order of evaluation, then by name: the list reads as the proxy decides.
  const key = (p: PolicyInForce) =>
    `${SECURITY_KINDS.indexOf(p.ref.kind as (typeof SECURITY_KINDS)[number])}${ORDER[p.action ?? ''] ?? 9}${p.ref.namespace}/${p.ref.name}`;
  out.policies.sort((a, b) => key(a).localeCompare(key(b)));
  out.authz.sort((a, b) => ORDER[a.action]! - ORDER[b.action]! || a.ref.name.localeCompare(b.ref.name));
  return out;
}
