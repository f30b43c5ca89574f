// Which of Istio's security policies (PeerAuthentication, RequestAuthentication, AuthorizationPolicy) apply to a
// workload. istio/istio pilot/pkg/model/authentication.go getConfigsForWorkload: a policy applies to the workloads of
// its own namespace and, when it lives in the root namespace, to those of every namespace; without a selector to all
// of them, with one to those whose labels hold every matchLabels pair. targetRefs name a Gateway API Gateway (or a
// waypoint's Service): a sidecar is never one, so such a policy applies only to that gateway's pods.

import type { KubeObject } from '../store/kube-object.js';

/** Istio's default root namespace (MeshConfig rootNamespace). */
export const ROOT_NAMESPACE = 'istio-system';

/** The facts about a workload that decide which policies select it. */
export interface WorkloadFacts {
  namespace: string;
  labels: Record<string, string>;
}

interface TargetRef {
  group?: string;
  kind?: string;
  name?: string;
  namespace?: string;
}

/** Whether `policy` applies to the workload (its namespace, the root namespace, its selector or its targetRefs). */
export function policyApplies(policy: KubeObject, workload: WorkloadFacts, rootNamespace = ROOT_NAMESPACE): boolean {
  const namespace = policy.metadata.namespace;
  if (namespace !== workload.namespace && namespace !== rootNamespace) return false;
  const spec = (policy.spec ?? {}) as { selector?: { matchLabels?: Record<string, string> }; targetRefs?: unknown };
  const refs = targetRefsOf(spec);
  if (refs.length > 0) {
    // A Gateway API gateway's pods carry gateway.networking.k8s.io/gateway-name (istio/istio pilot/pkg/model
    // policyattachment.go); targetRefs never select a sidecar.
    if (namespace !== workload.namespace) return false;
    const gateway = workload.labels['gateway.networking.k8s.io/gateway-name'];
    return refs.some((r) => r.kind === 'Gateway' && r.name !== undefined && r.name === gateway);
  }
  return selectorMatches(spec.selector?.matchLabels, workload.labels);
}

/** Whether the policy has no workload selector (it is namespace-wide, or mesh-wide in the root namespace). */
export function hasNoSelector(policy: KubeObject): boolean {
  const spec = (policy.spec ?? {}) as { selector?: { matchLabels?: Record<string, string> }; targetRefs?: unknown };
  const labels = spec.selector?.matchLabels;
  return (!labels || Object.keys(labels).length === 0) && targetRefsOf(spec).length === 0;
}

export function selectorMatches(
  matchLabels: Record<string, string> | undefined,
  labels: Record<string, string>,
): boolean {
  if (!matchLabels) return true;
  for (const [key, value] of Object.entries(matchLabels)) if (labels[key] !== value) return false;
  return true;
}

/**
 * Orders policies oldest first, the order in which Istio lets the oldest one win a tie (creationTimestamp, then
 * namespace and name, as istio/istio pilot/pkg/model sorts configs: sortConfigByCreationTime).
 */
export function oldestFirst(a: KubeObject, b: KubeObject): number {
  const ta = Date.parse(String(a.metadata.creationTimestamp ?? '')) || 0;
  const tb = Date.parse(String(b.metadata.creationTimestamp ?? '')) || 0;
  if (ta !== tb) return ta - tb;
  const ka = `${a.metadata.namespace}/${a.metadata.name}`;
  const kb = `${b.metadata.namespace}/${b.metadata.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

function targetRefsOf(spec: { targetRefs?: unknown; targetRef?: unknown }): TargetRef[] {
  const refs = Array.isArray(spec.targetRefs) ? (spec.targetRefs as TargetRef[]) : [];
  return spec.targetRef && typeof spec.targetRef === 'object' ? [...refs, spec.targetRef as TargetRef] : refs;
}
