// AuthorizationPolicy as a workload's proxy enforces it (istio.io "Authorization policy" concept and reference):
// CUSTOM policies first, then DENY, then ALLOW; AUDIT only logs. "If there are any CUSTOM policies that match the
// request, evaluate and deny the request if the evaluation result is deny. If there are any DENY policies that match
// the request, deny the request. If there are no ALLOW policies for the workload, allow the request. If any of the
// ALLOW policies match the request, allow the request. Deny the request."  istiod turns each action into its own
// Envoy RBAC filter, whose policies are named ns[<namespace>]-policy[<name>]-rule[<index>]; a denial's
// %RESPONSE_CODE_DETAILS% names the DENY rule that matched, or `none` when no ALLOW rule did (envoy
// source/extensions/filters/common/rbac/utility.h responseDetail).

import type { KubeObject } from '../store/kube-object.js';
import { ruleMatches, type AuthzRequest, type Rule } from './authz-rule-match.js';
import { oldestFirst, policyApplies, ROOT_NAMESPACE, type WorkloadFacts } from './policy-selection.js';

export type AuthzAction = 'ALLOW' | 'DENY' | 'AUDIT' | 'CUSTOM';

interface PolicyRules {
  namespace: string;
  name: string;
  rules: Rule[];
  provider?: string;
}

/** The AuthorizationPolicies in force on one workload, by action, oldest first. */
export interface WorkloadAuthz {
  custom: PolicyRules[];
  deny: PolicyRules[];
  allow: PolicyRules[];
  audit: PolicyRules[];
}

export const NO_AUTHZ: WorkloadAuthz = { custom: [], deny: [], allow: [], audit: [] };

// istio/istio pilot/pkg/security/authz/builder/extauthz.go: a CUSTOM policy whose provider is not among MeshConfig's
// extensionProviders makes istiod generate, instead of ext_authz, an RBAC filter that denies everything by this name.
export const BAD_CUSTOM_POLICY = 'default-deny-all-due-to-bad-CUSTOM-action';

export type AuthzDecision =
  | { allowed: true; counts: RbacCounts }
  | {
      allowed: false;
      /** The RBAC policy id in the details, or undefined for an ext_authz denial. */
      policyId?: string;
      /** An ext_authz provider that could not be reached (the mesh in a box runs none). */
      extAuthzError?: true;
      counts: RbacCounts;
    };

/** What the proxy's RBAC filters add to http.<stat_prefix>.rbac.{allowed,denied,logged}: one per filter reached. */
export interface RbacCounts {
  allowed: number;
  denied: number;
  logged: number;
}

/** Selects and sorts a workload's policies; `{}` (no action) is ALLOW, per the API's default. */
export function authzFor(
  policies: readonly KubeObject[],
  workload: WorkloadFacts,
  rootNamespace = ROOT_NAMESPACE,
): WorkloadAuthz {
  const applying = policies.filter((p) => policyApplies(p, workload, rootNamespace));
  if (applying.length === 0) return NO_AUTHZ;
  const out: WorkloadAuthz = { custom: [], deny: [], allow: [], audit: [] };
  for (const policy of applying.sort(oldestFirst)) {
    const spec = (policy.spec ?? {}) as { action?: string; rules?: Rule[]; provider?: { name?: string } };
    const entry: PolicyRules = {
      namespace: policy.metadata.namespace!,
      name: policy.metadata.name,
      rules: Array.isArray(spec.rules) ? spec.rules : [],
      ...(spec.provider?.name ? { provider: spec.provider.name } : {}),
    };
    const action = spec.action ?? 'ALLOW';
    if (action === 'DENY') out.deny.push(entry);
    else if (action === 'AUDIT') out.audit.push(entry);
    else if (action === 'CUSTOM') out.custom.push(entry);
    else out.allow.push(entry);
  }
  return out;
}

/** The rule index of the first rule of `policy` that matches, or -1. A policy without rules matches nothing. */
function matchingRule(policy: PolicyRules, request: AuthzRequest): number {
  for (let i = 0; i < policy.rules.length; i++) if (ruleMatches(policy.rules[i] ?? {}, request)) return i;
  return -1;
}

const policyId = (p: PolicyRules, rule: number) => `ns[${p.namespace}]-policy[${p.name}]-rule[${rule}]`;

/**
 * Evaluates a request against the workload's policies in Istio's order. `extensionProviders` are the names MeshConfig
 * declares: without the CUSTOM policy's provider every request is denied (BAD_CUSTOM_POLICY); with it the request is
 * sent to that ext_authz service only when a CUSTOM rule matches, and the mesh in a box has none to answer.
 */
export function evaluateAuthz(
  authz: WorkloadAuthz,
  request: AuthzRequest,
  extensionProviders: ReadonlySet<string> = new Set(),
): AuthzDecision {
  const counts: RbacCounts = { allowed: 0, denied: 0, logged: 0 };
  if (authz.custom.length > 0) {
    if (authz.custom.some((p) => !p.provider || !extensionProviders.has(p.provider))) {
      counts.denied++;
      return { allowed: false, policyId: BAD_CUSTOM_POLICY, counts };
    }
    if (authz.custom.some((p) => matchingRule(p, request) >= 0)) return { allowed: false, extAuthzError: true, counts };
  }
  if (authz.deny.length > 0) {
    for (const policy of authz.deny) {
      const rule = matchingRule(policy, request);
      if (rule >= 0) {
        counts.denied++;
        return { allowed: false, policyId: policyId(policy, rule), counts };
      }
    }
    counts.allowed++;
  }
  if (authz.allow.length > 0) {
    if (!authz.allow.some((p) => matchingRule(p, request) >= 0)) {
      counts.denied++;
      return { allowed: false, policyId: 'none', counts };
    }
    counts.allowed++;
  }
  if (authz.audit.length > 0) {
    // An AUDIT policy is an RBAC filter with action LOG: it always lets the request through and only marks it for
    // logging (envoy rbac engine: a LOG engine allows everything).
    counts.allowed++;
    if (authz.audit.some((p) => matchingRule(p, request) >= 0)) counts.logged++;
  }
  return { allowed: true, counts };
}

/** Envoy's %RESPONSE_CODE_DETAILS% for an RBAC denial. */
export function rbacDetails(policy: string): string {
  return `rbac_access_denied_matched_policy[${policy}]`;
}
