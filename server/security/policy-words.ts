// Policies in words: each rule of an AuthorizationPolicy as "who may call what" (the rows of "who may call whom" and
// the summaries of the policies in force), a RequestAuthentication's issuers, a PeerAuthentication's modes.
import type { AccessRow } from '../../lib/api/security.js';
import type { KubeObject } from '../sources/kubernetes.js';
import { arr, obj, str } from '../validation/util.js';
import type { AuthzCondition, AuthzOperation, AuthzPolicy, AuthzRule, AuthzSource } from './authz-policy.js';

const list = (values: string[]) => values.join(', ');

/** A positive and a negative field in words, e.g. "principal a, b" / "not namespace x". */
function fieldWords(
  values: string[] | undefined,
  notValues: string[] | undefined,
  noun: string,
  anyWords: string,
  noneWords: string,
): string[] {
  const out: string[] = [];
  if (values) out.push(values.includes('*') ? anyWords : `${noun} ${list(values)}`);
  if (notValues) out.push(notValues.includes('*') ? noneWords : `not ${noun} ${list(notValues)}`);
  return out;
}

export function sourceWords(s: AuthzSource): string {
  const parts = [
    ...fieldWords(s.principals, s.notPrincipals, 'principal', 'any mTLS peer', 'no mTLS peer'),
    ...fieldWords(
      s.requestPrincipals,
      s.notRequestPrincipals,
      'request principal',
      'any request principal',
      'no request principal',
    ),
    ...fieldWords(s.namespaces, s.notNamespaces, 'namespace', 'any namespace (mTLS)', 'no namespace'),
    ...fieldWords(s.ipBlocks, s.notIpBlocks, 'IP', 'any IP', 'no IP'),
    ...fieldWords(s.remoteIpBlocks, s.notRemoteIpBlocks, 'remote IP', 'any remote IP', 'no remote IP'),
  ];
  return parts.length > 0 ? parts.join(' and ') : 'anyone';
}

export function operationWords(o: AuthzOperation): string {
  const parts = [
    ...fieldWords(o.methods, o.notMethods, 'methods', 'any method', 'no method'),
    ...fieldWords(o.paths, o.notPaths, 'paths', 'any path', 'no path'),
    ...fieldWords(o.ports, o.notPorts, 'ports', 'any port', 'no port'),
    ...fieldWords(o.hosts, o.notHosts, 'hosts', 'any host', 'no host'),
  ];
  return parts.length > 0 ? parts.join(' and ') : 'any operation';
}

export function conditionWords(c: AuthzCondition): string {
  const parts: string[] = [];
  if (c.values) parts.push(`${c.key} is ${c.values.join(' or ')}`);
  if (c.notValues) parts.push(`${c.key} is not ${c.notValues.join(' or ')}`);
  return parts.join(' and ') || `${c.key} (no values)`;
}

const DECISION = { ALLOW: 'allow', DENY: 'deny', AUDIT: 'audit', CUSTOM: 'custom' } as const;

/** The fields an entry sets, by name. */
const setFields = (entry: object): Record<string, string[]> =>
  Object.fromEntries(Object.entries(entry).filter((e): e is [string, string[]] => Array.isArray(e[1])));

export function ruleRow(policy: AuthzPolicy, rule: AuthzRule | null, index: number | null): AccessRow {
  return {
    from: rule ? rule.from.map(setFields) : [],
    to: rule ? rule.to.map(setFields) : [],
    decision: DECISION[policy.action],
    policy: policy.ref,
    rule: index,
    source: rule ? (rule.from.length > 0 ? rule.from.map(sourceWords).join(' or ') : 'anyone') : 'no one',
    operation: rule
      ? rule.to.length > 0
        ? rule.to.map(operationWords).join(' or ')
        : 'any operation'
      : 'no operation',
    conditions: rule ? rule.when.map(conditionWords) : [],
  };
}

/** One sentence per rule, e.g. "ALLOW: any request principal, paths /sentiment*". */
export function authzSummary(policy: AuthzPolicy): string[] {
  const dry = policy.dryRun ? ' (dry-run: logged, not enforced)' : '';
  if (policy.rules.length === 0)
    return [
      policy.action === 'ALLOW'
        ? `ALLOW nothing${dry}: an ALLOW policy without rules matches no request, so every request is denied unless another ALLOW policy allows it`
        : `${policy.action} nothing${dry}: a policy without rules matches no request`,
    ];
  return policy.rules.map((rule, i) => {
    const row = ruleRow(policy, rule, i);
    const what = [
      row.source === 'anyone' ? 'anyone' : row.source,
      row.operation === 'any operation' ? '' : row.operation,
    ]
      .filter(Boolean)
      .join(', ');
    const when = row.conditions.length > 0 ? `, when ${row.conditions.join(' and ')}` : '';
    const provider = policy.action === 'CUSTOM' && policy.provider ? ` (ask ${policy.provider})` : '';
    return `${policy.action}${provider}${dry}: ${what}${when}`;
  });
}

export function requestAuthnSummary(object: KubeObject): string[] {
  const rules = arr(obj(object.spec)['jwtRules']).map(obj);
  if (rules.length === 0) return ['No jwtRules: no token is checked'];
  return rules.map((r) => {
    const issuer = str(r['issuer']) ?? '(no issuer)';
    const keys = str(r['jwksUri']) ? ` with keys from ${str(r['jwksUri'])}` : r['jwks'] ? ' with inline keys' : '';
    return `JWT from issuer ${issuer}${keys}: checked when present (invalid: 401); a request without a token passes unless an AuthorizationPolicy requires a request principal`;
  });
}

export function peerAuthnSummary(object: KubeObject): string[] {
  const spec = obj(object.spec);
  const mode = str(obj(spec['mtls'])['mode']) ?? 'UNSET';
  const ports = Object.entries(obj(spec['portLevelMtls'])).map(
    ([port, v]) => `port ${port}: ${str(obj(v)['mode']) ?? 'UNSET'}`,
  );
  const base = mode === 'UNSET' ? 'mTLS mode inherited from the namespace or mesh' : `mTLS ${mode}`;
  return [ports.length > 0 ? `${base} (${ports.join(', ')})` : base];
}
