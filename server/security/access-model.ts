// "Who may call whom" for one workload: each rule of the AuthorizationPolicies in force as a row (source × operation
// × decision) in the order the proxy applies them (CUSTOM, DENY, ALLOW; AUDIT only marks requests for logging), and
// what happens to a request no row decides: allowed when no ALLOW policy is in force, denied otherwise (istio.io,
// concepts/security "Authorization policy precedence"). Dry-run policies are left out: they decide nothing.
import type { AccessModel } from '../../lib/api/security.js';
import type { AuthzPolicy } from './authz-policy.js';
import { ruleRow } from './policy-words.js';

const ORDER = { CUSTOM: 0, DENY: 1, ALLOW: 2, AUDIT: 3 } as const;

export function accessModel(policies: readonly AuthzPolicy[]): AccessModel {
  const enforced = policies.filter((p) => !p.dryRun).sort((a, b) => ORDER[a.action] - ORDER[b.action]);
  const rows = enforced.flatMap((p) =>
    p.rules.length === 0 ? [ruleRow(p, null, null)] : p.rules.map((rule, i) => ruleRow(p, rule, i)),
  );
  const allows = enforced.filter((p) => p.action === 'ALLOW');
  if (allows.length === 0)
    return {
      rows,
      otherwise: 'allow',
      because: 'No ALLOW policy is in force: a request no DENY (or CUSTOM) rule refuses is allowed',
    };
  return {
    rows,
    otherwise: 'deny',
    because: `ALLOW policies are in force (${allows.map((p) => `${p.ref.namespace}/${p.ref.name}`).join(', ')}): a request none of their rules allows is denied (403 RBAC: access denied)`,
  };
}
