// The calls a workload received in a window, as Istio's standard metrics tell them (reporter="destination": the
// server's sidecar, the only side that knows what it enforced), and as its proxy's access log adds to them.
//
// What the metric tells: the caller (source_workload, source_workload_namespace; "unknown" when the caller has no
// sidecar to send peer metadata), its identity (source_principal, only over mTLS), connection_security_policy
// (mutual_tls / none), response_code and response_flags. What it does not: the method, path and port asked for, and
// who answered a 401/403. Envoy's RBAC filter denies with 403 "RBAC: access denied" and the JWT filter with 401, and
// neither sets a response flag (envoyproxy/envoy source/extensions/filters/http/rbac/rbac_filter.cc sendLocalReply
// with RcDetails RbacAccessDenied, no setResponseFlag), so the metric's 403 with flags "-" is the same as the app's
// own 403. Only the access log's %RESPONSE_CODE_DETAILS% tells them apart:
// `rbac_access_denied_matched_policy[ns[<ns>]-policy[<name>]-rule[<i>]]` or `[none]` (Envoy rbac utility.cc
// responseDetail; Istio names the policies so in pilot/pkg/security/authz/builder), `jwt_authn_access_denied{<why>}`
// (Envoy jwt_authn filter.cc generateRcDetails), `ext_authz_denied` (CUSTOM). ext_authz sets UAEX, which the metric
// does show.
import type { CallSource, DeniedCall, ObservedCall, PolicyRef } from '../../lib/api/security.js';
import type { Sample } from '../sources/prometheus.js';
import { causeOfDetails, type DenialCause } from '../telemetry/access-log/denial-details.js';

/** The labels of the one query (io/load-observed-calls.ts): a call is a caller × security × code of a destination. */
export const CALL_LABELS = [
  'destination_workload_namespace',
  'destination_workload',
  'source_workload',
  'source_workload_namespace',
  'source_principal',
  'connection_security_policy',
  'response_code',
  'response_flags',
] as const;

const known = (v: string | undefined) => (v && v !== 'unknown' ? v : null);

/** `spiffe://cluster.local/ns/x/sa/y` → `cluster.local/ns/x/sa/y`, as policies write principals. */
export const principalOf = (label: string | undefined) => known(label)?.replace(/^spiffe:\/\//, '') ?? null;

export interface MetricCall extends ObservedCall {
  destination: { workload: string; namespace: string };
}

/** Samples of `increase(...)` over the window into calls; calls of under half a request are left out. */
export function callsFromSamples(samples: readonly Sample[]): MetricCall[] {
  const out: MetricCall[] = [];
  for (const { metric: m, value } of samples) {
    const requests = Math.round(value);
    if (!(requests > 0)) continue;
    const security = m['connection_security_policy'];
    out.push({
      destination: { workload: m['destination_workload'] ?? '', namespace: m['destination_workload_namespace'] ?? '' },
      source: {
        workload: known(m['source_workload']),
        namespace: known(m['source_workload_namespace']),
        principal: principalOf(m['source_principal']),
      },
      mtls: security === 'mutual_tls' ? true : security === 'none' ? false : null,
      responseCode: m['response_code'] ?? '',
      responseFlags: m['response_flags'] ?? '-',
      requests,
    });
  }
  return out;
}

/** The labels of a gateway's query: a gateway reports only as the source of the requests it forwards. */
export const GATEWAY_CALL_LABELS = [
  'source_workload_namespace',
  'source_workload',
  'response_code',
  'response_flags',
] as const;

/**
 * A gateway's calls: Envoy in router mode has no inbound side, so Istio reports what it received only as
 * reporter="source" with itself as the source (istio-metrics.md: "source = client-side sidecar or a gateway acting as
 * client"); who called it (outside the mesh) and over what is not in the metric.
 */
export function gatewayCallsFromSamples(samples: readonly Sample[]): MetricCall[] {
  const out: MetricCall[] = [];
  for (const { metric: m, value } of samples) {
    const requests = Math.round(value);
    if (!(requests > 0)) continue;
    out.push({
      destination: { workload: m['source_workload'] ?? '', namespace: m['source_workload_namespace'] ?? '' },
      source: { workload: null, namespace: null, principal: null },
      mtls: null,
      responseCode: m['response_code'] ?? '',
      responseFlags: m['response_flags'] ?? '-',
      requests,
    });
  }
  return out;
}

export const sourceKey = (s: Pick<CallSource, 'workload' | 'namespace'>) =>
  `${s.namespace ?? '?'}/${s.workload ?? '?'}`;

/** What an access-log line of the destination said about the proxy's own answers, per caller and code. */
export interface DenialEvidence {
  source: string; // sourceKey
  responseCode: string;
  details: string; // %RESPONSE_CODE_DETAILS%
  count: number;
}

/** The policy a refusal's details name: a DENY rule's policy; null for "no ALLOW rule matched" (Envoy's `none`). */
function policyOf(cause: DenialCause): PolicyRef | null {
  return cause.kind === 'deny-rule'
    ? { kind: 'AuthorizationPolicy', namespace: cause.namespace!, name: cause.name! }
    : null;
}

/** The call without its destination: the answer is about one workload's calls. */
const observedOf = (c: MetricCall): ObservedCall => ({
  source: c.source,
  mtls: c.mtls,
  responseCode: c.responseCode,
  responseFlags: c.responseFlags,
  requests: c.requests,
});

function denialOf(metricCall: MetricCall, evidence: readonly DenialEvidence[]): DeniedCall | null {
  const call = observedOf(metricCall);
  const code = call.responseCode;
  if (call.responseFlags.split(',').includes('UAEX'))
    return {
      ...call,
      by: 'external',
      policy: null,
      because: 'the external authorizer of a CUSTOM policy denied it (response flag UAEX)',
    };
  if (code !== '403' && code !== '401') return null;
  const mine = evidence.filter((e) => e.source === sourceKey(call.source) && e.responseCode === code);
  const read = mine.map((e) => ({ details: e.details, cause: causeOfDetails(e.details) }));
  const rbac = read.find((e) => e.cause?.kind === 'deny-rule' || e.cause?.kind === 'no-allow');
  if (rbac) {
    const policy = policyOf(rbac.cause!);
    return {
      ...call,
      by: 'authorization',
      policy,
      because: policy
        ? `DENY policy ${policy.namespace}/${policy.name} matched (access log: ${rbac.details})`
        : `ALLOW policies are in force and none matched (access log: ${rbac.details})`,
    };
  }
  const jwt = read.find((e) => e.cause?.kind === 'jwt');
  if (jwt)
    return {
      ...call,
      by: 'authentication',
      policy: null,
      because: `the token was refused (access log: ${jwt.details})`,
    };
  if (read.some((e) => e.cause?.kind === 'external'))
    return { ...call, by: 'external', policy: null, because: 'the external authorizer of a CUSTOM policy denied it' };
  // The app answered it itself: not the proxy's denial.
  if (mine.length > 0 && mine.every((e) => e.details === 'via_upstream')) return null;
  return {
    ...call,
    by: 'unconfirmed',
    policy: null,
    because: `a ${code} without a response flag: Istio's metrics do not tell the proxy's ${code === '403' ? 'RBAC denial' : 'JWT refusal'} from the app's own ${code}, and no access-log line of the window said which`,
  };
}

/** The window's calls split into those the proxy let through and those it refused (as far as can be told). */
export function splitCalls(
  calls: readonly MetricCall[],
  evidence: readonly DenialEvidence[],
): { allowed: ObservedCall[]; denied: DeniedCall[] } {
  const allowed: ObservedCall[] = [];
  const denied: DeniedCall[] = [];
  for (const call of calls) {
    const denial = denialOf(call, evidence);
    if (denial) denied.push(denial);
    else allowed.push(observedOf(call));
  }
  const byCount = (a: ObservedCall, b: ObservedCall) => b.requests - a.requests;
  return { allowed: allowed.sort(byCount), denied: denied.sort(byCount) };
}
