import type { KubeObject } from '../../store/kube-object.js';
import { ApiError } from '../api-error.js';
import type { PolicyRule } from './policy-rule.js';
import { RBAC_GR, RBAC_GROUP, type RbacAuthorizer } from './rbac-authorizer.js';
import { SYSTEM_MASTERS, type UserInfo } from './user-info.js';

// RBAC's escalation prevention (pkg/registry/rbac/{role,clusterrole,rolebinding,clusterrolebinding}/policybased and
// pkg/registry/rbac/validation/rule.go ConfirmNoEscalation): a user may write a role only with rules it holds itself
// (or with `escalate` on it), and bind a role only if it holds that role's rules (or has `bind` on it); an
// aggregationRule needs cluster-admin's rights. system:masters may do all of it.

const FULL_AUTHORITY: PolicyRule[] = [
  { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
  { verbs: ['*'], nonResourceURLs: ['*'] },
];

const has = (set: string[] | undefined, value: string) => (set ?? []).includes(value);

/** BreakdownRule: one rule per group, resource, verb and name (or URL and verb). */
function breakdown(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of rule.apiGroups ?? [])
    for (const resource of rule.resources ?? [])
      for (const verb of rule.verbs) {
        const names = rule.resourceNames?.length ? rule.resourceNames : [undefined];
        for (const name of names) {
          out.push({
            apiGroups: [group],
            resources: [resource],
            verbs: [verb],
            ...(name ? { resourceNames: [name] } : {}),
          });
        }
      }
  for (const url of rule.nonResourceURLs ?? [])
    for (const verb of rule.verbs) out.push({ nonResourceURLs: [url], verbs: [verb] });
  return out;
}

function resourceCovered(owner: string[] | undefined, resource: string | undefined): boolean {
  if (resource === undefined || has(owner, '*') || has(owner, resource)) return true;
  const slash = resource.indexOf('/');
  return slash >= 0 && has(owner, `*/${resource.slice(slash + 1)}`);
}

function urlCovered(owner: string[] | undefined, url: string | undefined): boolean {
  if (url === undefined) return true;
  return (owner ?? []).some((u) => u === url || (u.endsWith('*') && url.startsWith(u.slice(0, -1))));
}

/** ruleCovers for one atomic rule. */
function covers(owner: PolicyRule, sub: PolicyRule): boolean {
  const name = sub.resourceNames?.[0];
  return (
    (has(owner.verbs, '*') || has(owner.verbs, sub.verbs[0]!)) &&
    (sub.apiGroups === undefined || has(owner.apiGroups, '*') || has(owner.apiGroups, sub.apiGroups[0]!)) &&
    resourceCovered(owner.resources, sub.resources?.[0]) &&
    urlCovered(owner.nonResourceURLs, sub.nonResourceURLs?.[0]) &&
    (!owner.resourceNames?.length || (name !== undefined && has(owner.resourceNames, name)))
  );
}

// Go's %q of a []string: ["a" "b"].
const goStrings = (values: string[]) => `[${values.map((v) => JSON.stringify(v)).join(' ')}]`;

/** CompactString of a rule, as the refusal lists what is missing. */
function describe(rule: PolicyRule): string {
  const parts: string[] = [];
  if (rule.apiGroups?.length) parts.push(`APIGroups:${goStrings(rule.apiGroups)}`);
  if (rule.resources?.length) parts.push(`Resources:${goStrings(rule.resources)}`);
  if (rule.nonResourceURLs?.length) parts.push(`NonResourceURLs:${goStrings(rule.nonResourceURLs)}`);
  if (rule.resourceNames?.length) parts.push(`ResourceNames:${goStrings(rule.resourceNames)}`);
  if (rule.verbs.length) parts.push(`Verbs:${goStrings(rule.verbs)}`);
  return `{${parts.join(', ')}}`;
}

/** The rules of `rules` the owner does not hold, compacted as CompactRules does (verbs of one resource together). */
export function missingRights(owner: PolicyRule[], rules: PolicyRule[]): PolicyRule[] {
  const missing = rules.flatMap(breakdown).filter((sub) => !owner.some((o) => covers(o, sub)));
  const simple = new Map<string, PolicyRule>();
  const compacted: PolicyRule[] = [];
  for (const rule of missing) {
    if (!rule.resources) {
      compacted.push(rule);
      continue;
    }
    const key = `${rule.apiGroups![0]}|${rule.resources[0]}|${rule.resourceNames?.[0] ?? ''}`;
    const found = simple.get(key);
    if (found) found.verbs.push(...rule.verbs);
    else simple.set(key, { ...rule, verbs: [...rule.verbs] });
  }
  return [...compacted, ...simple.values()];
}

/**
 * Refuses (403) an RBAC write that would grant `user` more than it holds; `namespace` is the object's, undefined for
 * ClusterRoles and ClusterRoleBindings.
 */
export function confirmNoEscalation(rbac: RbacAuthorizer, user: UserInfo, obj: KubeObject): void {
  if (user.groups.includes(SYSTEM_MASTERS)) return;
  const namespace = obj.metadata.namespace;
  const name = obj.metadata.name;
  const may = (verb: string, resource: string, target: string) =>
    rbac.authorize(user, { resourceRequest: true, verb, group: RBAC_GROUP, resource, namespace, name: target }).allowed;
  const isRole = obj.kind === 'Role' || obj.kind === 'ClusterRole';
  const plural = `${obj.kind.toLowerCase()}s`;
  let rules: PolicyRule[];
  if (isRole) {
    if (may('escalate', plural, name)) return;
    rules = (obj.rules as PolicyRule[] | undefined) ?? [];
  } else {
    const ref = obj.roleRef as { kind: string; name: string };
    const refPlural = ref.kind === 'Role' ? 'roles' : 'clusterroles';
    if (may('bind', refPlural, ref.name)) return;
    const role =
      ref.kind === 'Role'
        ? rbac.store.get(RBAC_GR.roles, namespace, ref.name)
        : rbac.store.get(RBAC_GR.clusterroles, undefined, ref.name);
    if (!role) {
      throw new ApiError(404, 'NotFound', `${refPlural}.${RBAC_GROUP} "${ref.name}" not found`, {
        name: ref.name,
        group: RBAC_GROUP,
        kind: refPlural,
      });
    }
    rules = (role.rules as PolicyRule[] | undefined) ?? [];
  }
  const held = rbac.rulesFor(user, namespace);
  const forbidden = (detail: string) =>
    new ApiError(403, 'Forbidden', `${plural}.${RBAC_GROUP} "${name}" is forbidden: ${detail}`, {
      name,
      group: RBAC_GROUP,
      kind: plural,
    });
  const missing = missingRights(held.rules, rules);
  if (missing.length > 0) {
    const lines = [...new Set(missing.map(describe))].sort();
    const errors = held.errors.length > 0 ? `; resolution errors: [${held.errors.join(' ')}]` : '';
    throw forbidden(
      `user "${user.username}" (groups=${goStrings(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${lines.join('\n')}${errors}`,
    );
  }
  if (obj.kind === 'ClusterRole' && obj.aggregationRule && missingRights(held.rules, FULL_AUTHORITY).length > 0) {
    throw forbidden('must have cluster-admin privileges to use the aggregationRule');
  }
}
