// RBAC's rule matching, as plugin/pkg/auth/authorizer/rbac/rbac.go (RuleAllows) and pkg/apis/rbac/v1
// evaluation_helpers.go define it. Pure: the authorizer feeds it the rules its bindings reach.

/** rbac.authorization.k8s.io/v1 PolicyRule. */
export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/** What one request asks, in the authorizer's terms (k8s.io/apiserver authorizer.Attributes without the user). */
export type RequestAttributes =
  | {
      resourceRequest: true;
      verb: string;
      group: string;
      resource: string;
      subresource?: string;
      namespace?: string;
      name?: string;
    }
  | { resourceRequest: false; verb: string; path: string };

const ALL = '*';

const verbMatches = (rule: PolicyRule, verb: string) => rule.verbs.some((v) => v === ALL || v === verb);

const groupMatches = (rule: PolicyRule, group: string) => (rule.apiGroups ?? []).some((g) => g === ALL || g === group);

// "*" matches everything, "pods/log" exactly that subresource, "*/scale" that subresource of any resource. A plain
// "pods" does not reach pods/log, and "pods/*" is no pattern RBAC knows.
function resourceMatches(rule: PolicyRule, resource: string, subresource: string | undefined): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  return (rule.resources ?? []).some((r) => r === ALL || r === combined || (!!subresource && r === `*/${subresource}`));
}

// No resourceNames: every name. With names, a request without one (list, create, deletecollection) never matches.
const nameMatches = (rule: PolicyRule, name: string | undefined) =>
  !rule.resourceNames || rule.resourceNames.length === 0 || rule.resourceNames.includes(name ?? '');

// "/apis/*" matches everything under the prefix "/apis/"; only a trailing "*" is a wildcard.
const urlMatches = (rule: PolicyRule, path: string) =>
  (rule.nonResourceURLs ?? []).some(
    (u) => u === ALL || u === path || (u.endsWith('*') && path.startsWith(u.replace(/\*+$/, ''))),
  );

/** Whether this one rule allows the request. */
export function ruleAllows(rule: PolicyRule, a: RequestAttributes): boolean {
  if (!verbMatches(rule, a.verb)) return false;
  if (!a.resourceRequest) return urlMatches(rule, a.path);
  return groupMatches(rule, a.group) && resourceMatches(rule, a.resource, a.subresource) && nameMatches(rule, a.name);
}

/** Same rule, field by field: the aggregation controller adds a rule only once. */
export function sameRule(a: PolicyRule, b: PolicyRule): boolean {
  const same = (x: string[] | undefined, y: string[] | undefined) =>
    (x ?? []).length === (y ?? []).length && (x ?? []).every((v, i) => v === (y ?? [])[i]);
  return (
    same(a.verbs, b.verbs) &&
    same(a.apiGroups, b.apiGroups) &&
    same(a.resources, b.resources) &&
    same(a.resourceNames, b.resourceNames) &&
    same(a.nonResourceURLs, b.nonResourceURLs)
  );
}
