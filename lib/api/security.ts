import { z } from 'zod';
import { durationParam } from '../duration.js';
import { apiRoute } from './api-route.js';

// GET /api/namespaces/{ns}/workloads/{name}/security?duration=…: "who may call this workload, and what did the
// policies just refuse?" — the mTLS in force per port and what was seen, the policies in force in words, who may call
// whom derived from them in Istio's order, the calls of the window allowed and denied, and warnings no analyzer gives.
// POST /api/namespaces/{ns}/authorization/simulate with { policy }: the last hour's observed calls a drafted
// AuthorizationPolicy would allow or deny, before it is applied.

export const securityQuery = z.object({
  duration: durationParam('10m, 1h or 1d').default('1h'),
});

export const policyRef = z.object({ kind: z.string(), namespace: z.string(), name: z.string() });

/** How a policy reaches the workload: its selector, its namespace, the root namespace (the mesh), or a targetRef. */
export const policyScope = z.enum(['workload', 'namespace', 'mesh', 'targetRef']);

export const mtlsMode = z.enum(['STRICT', 'PERMISSIVE', 'DISABLE']);

export const mtlsPort = z.object({
  // null: every port without a port-level setting.
  port: z.number().int().nullable(),
  mode: mtlsMode,
  // Which level decided the mode: Istio's default (PERMISSIVE), the mesh, the namespace, the workload or the port.
  level: z.enum(['default', 'mesh', 'namespace', 'workload', 'port']),
  policy: policyRef.nullable(),
});

export const mtlsStatus = z.object({
  // 'none': no pod of the workload runs a sidecar, so nothing is enforced whatever the policies say.
  sidecar: z.enum(['all', 'some', 'none']),
  ports: z.array(mtlsPort),
  // What was seen in the window (reporter="destination", connection_security_policy); null when Prometheus failed.
  observed: z
    .object({
      mutualTlsRps: z.number(),
      plaintextRps: z.number(),
      // Share of inbound requests over mTLS, 0–1; null when none were seen.
      mutualTlsShare: z.number().nullable(),
      // The callers seen in plaintext, named from the access log where Istio's metrics did not know them.
      plaintextCallers: z.array(z.string()),
    })
    .nullable(),
  summary: z.string(),
  // An ingress or egress gateway: its callers come from outside the mesh, which Istio's telemetry does not name.
  gateway: z.boolean().default(false),
});

export const policyAction = z.enum(['ALLOW', 'DENY', 'AUDIT', 'CUSTOM']);

export const policyInForce = z.object({
  ref: policyRef,
  scope: policyScope,
  // AuthorizationPolicy only.
  action: policyAction.optional(),
  // One sentence per rule (or for the whole policy), e.g. "ALLOW: any request principal, paths /sentiment*".
  summary: z.array(z.string()),
});

/** One row of "who may call whom": a rule of a policy in force, read as source × operation × decision. */
export const accessRow = z.object({
  decision: z.enum(['allow', 'deny', 'audit', 'custom']),
  policy: policyRef,
  rule: z.number().int().nullable(), // null: the policy has no rules
  // "namespace legacy", "principal cluster.local/ns/demo/sa/x", "any request principal", "anyone".
  source: z.string(),
  // "GET, POST on paths /sentiment* on ports 8080", "any operation".
  operation: z.string(),
  // `when` conditions in words; [] when none.
  conditions: z.array(z.string()),
  // The same rule as data, for a UI that filters or groups: each source entry (the entries OR, the fields of one
  // AND) and each operation entry by field name as Istio spells it (principals, notNamespaces, requestPrincipals,
  // methods, paths, ports…), only the fields set; [] = no constraint.
  from: z.array(z.record(z.string(), z.array(z.string()))),
  to: z.array(z.record(z.string(), z.array(z.string()))),
});

export const accessModel = z.object({
  // In Istio's order: CUSTOM, DENY, ALLOW (AUDIT only logs).
  rows: z.array(accessRow),
  // What happens to a request no row decides: allow when no ALLOW policy is in force, deny otherwise.
  otherwise: z.enum(['allow', 'deny']),
  because: z.string(),
});

export const callSource = z.object({
  workload: z.string().nullable(), // null: Istio did not know the caller (no sidecar on it, no peer metadata)
  namespace: z.string().nullable(),
  principal: z.string().nullable(), // SPIFFE id without spiffe://, as policies write it; null without mTLS
});

export const observedCall = z.object({
  source: callSource,
  mtls: z.boolean().nullable(), // connection_security_policy mutual_tls / none
  responseCode: z.string(),
  responseFlags: z.string(),
  requests: z.number(), // in the window (rate × window), rounded
});

export const deniedCall = observedCall.extend({
  // authorization: 403 from the RBAC filter; authentication: 401 from the JWT filter; external: ext_authz (UAEX);
  // unconfirmed: a 401/403 that Istio's metrics cannot tell from the app's own and no access-log line explained.
  by: z.enum(['authorization', 'authentication', 'external', 'unconfirmed']),
  // The policy named by the access log's rbac_access_denied_matched_policy[...] when one matched (null: no ALLOW
  // rule matched, "none").
  policy: policyRef.nullable(),
  because: z.string(),
});

export const securityWarning = z.object({
  kind: z.enum(['strict-plaintext-callers', 'allow-refuses-seen-traffic', 'jwt-without-requirement']),
  message: z.string(),
  // The policies and callers it is about.
  policies: z.array(policyRef),
  callers: z.array(z.string()),
  fix: z.string(),
});

export const securityResponse = z.object({
  timestamp: z.number(), // unix seconds the window ends at
  duration: z.string(),
  rootNamespace: z.string(),
  mtls: mtlsStatus,
  policies: z.array(policyInForce),
  access: accessModel,
  allowed: z.array(observedCall),
  denied: z.array(deniedCall),
  warnings: z.array(securityWarning),
  // Prometheus failed or is not configured: allowed/denied/observed are empty, and why.
  metricsError: z.string().optional(),
  // Where a denial's cause was looked up; null when the access logs could not be read (and why in logsError).
  logsError: z.string().optional(),
});

export const workloadSecurityRoute = apiRoute('/api/namespaces/[ns]/workloads/[name]/security', securityResponse);

// POST body: the policy as YAML text (what a person pastes from a file) or as a JSON object (kubectl's -o json).
export const simulateBody = z.object({
  policy: z.union(
    [z.string().min(1, 'policy: paste an AuthorizationPolicy (YAML or JSON)'), z.record(z.string(), z.unknown())],
    {
      error: 'policy: an AuthorizationPolicy as YAML text or a JSON object',
    },
  ),
});

export const simulatedCall = z.object({
  destination: z.object({ workload: z.string(), namespace: z.string() }),
  source: callSource,
  mtls: z.boolean().nullable(),
  // What the call asked for, where the console could see it (the destination proxy's access log); null: unseen.
  operation: z.object({
    method: z.string().nullable(),
    path: z.string().nullable(),
    port: z.number().nullable(),
  }),
  requests: z.number(),
  decision: z.enum(['allow', 'deny', 'unknown']),
  because: z.string(),
});

export const simulateResponse = z.object({
  policy: policyRef,
  action: policyAction,
  // The workloads the policy selects.
  workloads: z.array(z.object({ workload: z.string(), namespace: z.string() })),
  windowSeconds: z.number(),
  calls: z.array(simulatedCall),
  // Where the operations came from, and what was not observable.
  notes: z.array(z.string()),
  metricsError: z.string().optional(),
  logsError: z.string().optional(),
});

export const simulateRoute = apiRoute('/api/namespaces/[ns]/authorization/simulate', simulateResponse, 'POST');

export type SecurityQuery = z.output<typeof securityQuery>;
export type PolicyRef = z.output<typeof policyRef>;
export type PolicyScope = z.output<typeof policyScope>;
export type MtlsMode = z.output<typeof mtlsMode>;
export type MtlsPort = z.output<typeof mtlsPort>;
export type MtlsStatus = z.output<typeof mtlsStatus>;
export type PolicyAction = z.output<typeof policyAction>;
export type PolicyInForce = z.output<typeof policyInForce>;
export type AccessRow = z.output<typeof accessRow>;
export type AccessModel = z.output<typeof accessModel>;
export type CallSource = z.output<typeof callSource>;
export type ObservedCall = z.output<typeof observedCall>;
export type DeniedCall = z.output<typeof deniedCall>;
export type SecurityWarning = z.output<typeof securityWarning>;
export type SecurityResponse = z.output<typeof securityResponse>;
export type SimulateBody = z.output<typeof simulateBody>;
export type SimulatedCall = z.output<typeof simulatedCall>;
export type SimulateResponse = z.output<typeof simulateResponse>;
