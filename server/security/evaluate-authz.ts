// The decision of the AuthorizationPolicies in force on a workload for one request, in Istio's order (istio.io,
// concepts/security "Authorization policy precedence" and reference/config/security/authorization-policy):
//   1. CUSTOM: a matching CUSTOM policy hands the request to its external authorizer, which may deny it;
//   2. DENY: a matching DENY policy denies it;
//   3. no ALLOW policy on the workload: allowed;
//   4. a matching ALLOW policy allows it; ALLOW policies present but none matching: denied.
// AUDIT policies only mark requests for logging; dry-run policies (istio.io/dry-run) are never enforced.
// A policy without rules matches nothing ("allow nothing" when it is an ALLOW policy, since ALLOW is then present).
import type { PolicyRef } from '../../lib/api/security.js';
import type { AuthzPolicy } from './authz-policy.js';
import { ruleMatches, type Match, type RequestFacts } from './match-rule.js';

export type Decision = 'allow' | 'deny' | 'unknown';

export interface Verdict {
  decision: Decision;
  because: string;
  /** The policy (and rule) that decided, when one did. */
  policy: PolicyRef | null;
  rule: number | null;
}

const name = (p: AuthzPolicy) => `${p.ref.namespace}/${p.ref.name}`;

/** The first rule of the policies that matches ('yes'), else whether any might ('unknown'). */
function firstMatch(policies: readonly AuthzPolicy[], r: RequestFacts) {
  let maybe: { policy: AuthzPolicy; rule: number } | null = null;
  for (const policy of policies)
    for (let i = 0; i < policy.rules.length; i++) {
      const m: Match = ruleMatches(policy.rules[i]!, r);
      if (m === 'yes') return { match: 'yes' as const, policy, rule: i };
      if (m === 'unknown' && !maybe) maybe = { policy, rule: i };
    }
  return maybe ? { match: 'unknown' as const, ...maybe } : { match: 'no' as const, policy: null, rule: null };
}

export function evaluateAuthz(policies: readonly AuthzPolicy[], r: RequestFacts): Verdict {
  const enforced = policies.filter((p) => !p.dryRun);
  const of = (action: string) => enforced.filter((p) => p.action === action);
  const custom = firstMatch(of('CUSTOM'), r);
  if (custom.match !== 'no')
    return {
      decision: 'unknown',
      because:
        custom.match === 'yes'
          ? `CUSTOM policy ${name(custom.policy)} hands it to its external authorizer${custom.policy.provider ? ` ${custom.policy.provider}` : ''}, whose answer the console cannot know`
          : `CUSTOM policy ${name(custom.policy)} may hand it to its external authorizer (rule ${custom.rule} asks about what the console cannot observe)`,
      policy: custom.policy.ref,
      rule: custom.rule,
    };
  const deny = firstMatch(of('DENY'), r);
  if (deny.match === 'yes')
    return {
      decision: 'deny',
      because: `DENY policy ${name(deny.policy)} rule ${deny.rule} matches`,
      policy: deny.policy.ref,
      rule: deny.rule,
    };
  const allowPolicies = of('ALLOW');
  const allow = firstMatch(allowPolicies, r);
  const denyMaybe = deny.match === 'unknown' ? deny : null;
  const unknownDeny = (then: string): Verdict => ({
    decision: 'unknown',
    because: `DENY policy ${name(denyMaybe!.policy)} rule ${denyMaybe!.rule} may match (it asks about what the console cannot observe); ${then}`,
    policy: denyMaybe!.policy.ref,
    rule: denyMaybe!.rule,
  });
  if (allowPolicies.length === 0) {
    const then = 'no ALLOW policy is in force, so anything not denied is allowed';
    return denyMaybe ? unknownDeny(then) : { decision: 'allow', because: then, policy: null, rule: null };
  }
  if (allow.match === 'yes') {
    const then = `ALLOW policy ${name(allow.policy)} rule ${allow.rule} matches`;
    return denyMaybe
      ? unknownDeny(then)
      : { decision: 'allow', because: then, policy: allow.policy.ref, rule: allow.rule };
  }
  if (allow.match === 'unknown')
    return {
      decision: 'unknown',
      because: `ALLOW policy ${name(allow.policy)} rule ${allow.rule} may match: it asks about what the console cannot observe (a JWT, a header, an IP, or an operation not logged)`,
      policy: allow.policy.ref,
      rule: allow.rule,
    };
  return {
    decision: 'deny',
    because: `ALLOW policies are in force (${allowPolicies.map(name).join(', ')}) and none of their rules matches`,
    policy: null,
    rule: null,
  };
}
