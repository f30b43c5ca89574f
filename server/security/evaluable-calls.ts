// The window's calls into a workload as the evaluator takes them: the access log's, which carry the operation and
// name callers that have no sidecar (by their pod IP), where the log had lines for that destination; the metric's
// otherwise (same callers, no operation: a rule on methods, paths or ports then gives 'unknown'). Counting both would
// count a request twice, so for a destination with log lines only the metric's callers the log never saw are added.
import type { CallSource } from '../../lib/api/security.js';
import type { LogCall } from './log-calls.js';
import type { RequestFacts } from './match-rule.js';
import { sourceKey, type MetricCall } from './observed-calls.js';

export interface EvaluableCall {
  destination: { workload: string; namespace: string };
  source: CallSource;
  mtls: boolean | null;
  operation: { method: string | null; path: string | null; port: number | null };
  responseCode: string;
  /** The proxy's own answer from the access log (`rbac_access_denied…`, `via_upstream`), null from metrics. */
  details: string | null;
  requests: number;
}

const destKey = (d: { workload: string; namespace: string }) => `${d.namespace}/${d.workload}`;

export function evaluableCalls(metricCalls: readonly MetricCall[], logged: readonly LogCall[]): EvaluableCall[] {
  const out: EvaluableCall[] = [];
  const loggedSources = new Map<string, Set<string>>();
  for (const c of logged) {
    const d = destKey(c.destination);
    let set = loggedSources.get(d);
    if (!set) loggedSources.set(d, (set = new Set()));
    set.add(sourceKey(c.source));
    out.push({
      destination: c.destination,
      source: c.source,
      mtls: c.mtls,
      operation: { method: c.method, path: c.path, port: c.port },
      responseCode: c.responseCode,
      details: c.details,
      requests: c.requests,
    });
  }
  for (const c of metricCalls) {
    const seen = loggedSources.get(destKey(c.destination));
    // A caller Istio did not know (no sidecar) is named by the log when the log has lines for this destination.
    if (seen && (c.source.workload === null || seen.has(sourceKey(c.source)))) continue;
    out.push({
      destination: c.destination,
      source: c.source,
      mtls: c.mtls,
      operation: { method: null, path: null, port: null },
      responseCode: c.responseCode,
      details: null,
      requests: c.requests,
    });
  }
  return out;
}

/** Was this call refused by the proxy itself (RBAC, JWT, ext_authz) rather than answered by the app? */
export function refusedByProxy(call: EvaluableCall): boolean {
  if (call.details !== null) return /^(rbac_access_denied|jwt_authn_access_denied|ext_authz_denied)/.test(call.details);
  return call.responseCode === '401' || call.responseCode === '403';
}

/**
 * What the evaluator may assume of a call. Without mTLS there is no peer principal (nor namespace, which Istio reads
 * from it); without a RequestAuthentication in force there is no request principal (Envoy's jwt_authn filter is not
 * there to set one); the rest is what the log saw, else unknown.
 */
export function factsOf(call: EvaluableCall, jwtChecked: boolean): RequestFacts {
  return {
    principal: call.mtls === false ? null : (call.source.principal ?? undefined),
    requestPrincipal: jwtChecked ? undefined : null,
    method: call.operation.method ?? undefined,
    path: call.operation.path ?? undefined,
    port: call.operation.port ?? undefined,
  };
}

export const callerName = (s: CallSource) =>
  s.workload ? `${s.namespace}/${s.workload}` : s.principal ? s.principal : 'a caller unknown to Istio (no sidecar)';
