// AuthorizationPolicies the security tests apply to the shared mesh, named per suite so that one suite's cleanup never
// removes another's.

/**
 * A DENY on sa-logic's sidecar for callers of namespace demo. Istio's semantics (istio.io AuthorizationPolicy
 * reference): a `from` of namespaces matches callers of that namespace over mutual TLS; Envoy's RBAC filter then
 * names the matched policy in the details (rbac_access_denied_matched_policy[ns[demo]-policy[<name>]-rule[0]]).
 */
export function denyDemoToLogic(name: string): string {
  return `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: ${name}
  namespace: demo
spec:
  selector:
    matchLabels:
      app: sa-logic
  action: DENY
  rules:
  - from:
    - source:
        namespaces: ["demo"]
`;
}
