// What Envoy's %RESPONSE_CODE_DETAILS% says about a request the mesh's security refused, read once for every view
// (the graph's denied edges, a workload's Security tab). Envoy's RBAC filter writes
// `rbac_access_denied_matched_policy[<policy>]` (envoy rbac filter's responseDetail; Istio names a DENY rule
// `ns[<ns>]-policy[<name>]-rule[<i>]` in pilot/pkg/security/authz/builder, and `none` means no ALLOW policy matched),
// the JWT filter `jwt_authn_access_denied{<reason>}` with the reason's spaces as underscores, and ext_authz
// `ext_authz_denied`; a reply the application wrote says `via_upstream` (envoy docs: "Response code details").

export type DenialKind = 'deny-rule' | 'no-allow' | 'jwt' | 'external';

/** One cause of refusals: a DENY policy's rule, "no ALLOW policy matched", the JWT filter, or ext_authz (CUSTOM). */
export interface DenialCause {
  kind: DenialKind;
  namespace?: string;
  name?: string;
  rule?: number;
  /** The JWT filter's reason, e.g. "Jwt is expired". */
  reason?: string;
}

const RBAC = /^rbac_access_denied_matched_policy\[(.*)\]$/;
const RBAC_POLICY = /^ns\[([^\]]*)\]-policy\[([^\]]*)\]-rule\[(\d+)\]$/;
const JWT = /^jwt_authn_access_denied\{(.*)\}$/;

/** The cause a %RESPONSE_CODE_DETAILS% value names, or null when the security filters did not write it. */
export function causeOfDetails(details: string): DenialCause | null {
  const rbac = RBAC.exec(details);
  if (rbac) {
    const policy = RBAC_POLICY.exec(rbac[1]!);
    return policy
      ? { kind: 'deny-rule', namespace: policy[1]!, name: policy[2]!, rule: Number(policy[3]) }
      : { kind: 'no-allow' };
  }
  const jwt = JWT.exec(details);
  if (jwt) return { kind: 'jwt', reason: jwt[1]!.replace(/_/g, ' ') };
  if (details === 'ext_authz_denied') return { kind: 'external' };
  return null;
}
