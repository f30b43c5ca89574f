// A drafted AuthorizationPolicy against the calls of the last hour, before it is applied: for each workload it
// selects, the policies in force there with the draft added (replacing the one of the same name, as `kubectl apply`
// would), evaluated on each observed call in Istio's order. Pure.
import type { SimulatedCall } from '../../lib/api/security.js';
import type { KubeObject } from '../sources/kubernetes.js';
import { readAuthzPolicy, type AuthzPolicy } from './authz-policy.js';
import { factsOf, type EvaluableCall } from './evaluable-calls.js';
import { evaluateAuthz } from './evaluate-authz.js';

export interface SimulatedWorkload {
  workload: string;
  namespace: string;
  /** The AuthorizationPolicies in force on it now. */
  authz: AuthzPolicy[];
  /** A RequestAuthentication is in force on it (a JWT may carry a request principal). */
  jwtChecked: boolean;
}

export function simulatePolicy(input: {
  draft: KubeObject;
  workloads: readonly SimulatedWorkload[];
  calls: readonly EvaluableCall[];
}): SimulatedCall[] {
  const draft = readAuthzPolicy(input.draft);
  const byWorkload = new Map(input.workloads.map((w) => [`${w.namespace}/${w.workload}`, w]));
  const same = (p: AuthzPolicy) => p.ref.namespace === draft.ref.namespace && p.ref.name === draft.ref.name;
  const policiesOf = new Map<string, AuthzPolicy[]>();
  // Calls of one caller and operation share their facts: each distinct set is evaluated once.
  const verdicts = new Map<string, ReturnType<typeof evaluateAuthz>>();
  const out: SimulatedCall[] = [];
  for (const call of input.calls) {
    const key = `${call.destination.namespace}/${call.destination.workload}`;
    const workload = byWorkload.get(key);
    if (!workload) continue;
    let policies = policiesOf.get(key);
    if (!policies) policiesOf.set(key, (policies = [...workload.authz.filter((p) => !same(p)), draft]));
    const facts = factsOf(call, workload.jwtChecked);
    const factsKey = `${key}\u0000${facts.principal}\u0000${facts.requestPrincipal}\u0000${facts.method}\u0000${facts.path}\u0000${facts.port}`;
    let verdict = verdicts.get(factsKey);
    if (!verdict) verdicts.set(factsKey, (verdict = evaluateAuthz(policies, facts)));
    out.push({
      destination: call.destination,
      source: call.source,
      mtls: call.mtls,
      operation: call.operation,
      requests: call.requests,
      decision: verdict.decision,
      because: verdict.because,
    });
  }
  const order = { deny: 0, unknown: 1, allow: 2 } as const;
  return out.sort((a, b) => order[a.decision] - order[b.decision] || b.requests - a.requests);
}
