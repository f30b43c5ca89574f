// What a person may do, from the API server's SelfSubjectRulesReview of each namespace: the console filters its shared
// watch cache with this rather than asking one access review per object. Rule matching follows Kubernetes' RBAC
// authorizer (k8s.io/component-helpers/auth/rbac/validation: VerbMatches, APIGroupMatches, ResourceMatches with
// `*/subresource`, ResourceNameMatches). Pure.

/** One `status.resourceRules[]` entry of a SelfSubjectRulesReview. */
export interface ResourceRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}

export interface AccessRequest {
  verb: string;
  group: string;
  /** The resource with its subresource, as RBAC names it: `pods`, `pods/log`, `pods/proxy`. */
  resource: string;
  name?: string;
}

function resourceMatches(ruleResource: string, resource: string): boolean {
  if (ruleResource === '*' || ruleResource === resource) return true;
  const slash = resource.indexOf('/');
  // `*/log` grants the log subresource of every resource.
  return slash > 0 && ruleResource === `*${resource.slice(slash)}`;
}

export function ruleAllows(rule: ResourceRule, request: AccessRequest): boolean {
  if (!rule.verbs.some((v) => v === '*' || v === request.verb)) return false;
  if (!(rule.apiGroups ?? []).some((g) => g === '*' || g === request.group)) return false;
  if (!(rule.resources ?? []).some((r) => resourceMatches(r, request.resource))) return false;
  const names = rule.resourceNames ?? [];
  // A rule naming objects grants nothing to a request without a name (a list, a watch, a create).
  return names.length === 0 || (request.name !== undefined && names.includes(request.name));
}

export function rulesAllow(rules: readonly ResourceRule[], request: AccessRequest): boolean {
  return rules.some((rule) => ruleAllows(rule, request));
}

/**
 * What one person may do in the namespaces the console knows. `key` is equal for equal rights, so the caches built
 * from a filtered view (graph topologies, validators) are shared by people who see the same.
 */
export interface UserAccess {
  readonly key: string;
  /** false for the console's own identity (the anonymous strategy): everything in the cache is shown. */
  readonly restricted: boolean;
  can(request: AccessRequest, namespace: string): boolean;
  /** The namespaces where `request` (without a name) is allowed; kept per request shape, since views ask it often. */
  namespacesWhere(verb: string, group: string, resource: string): ReadonlySet<string>;
  /**
   * The namespaces the person may see: those they may `get` (a GET of /api/v1/namespaces/NS is authorized in
   * namespace NS, so a RoleBinding there is enough, as kubectl and Kiali find).
   */
  visibleNamespaces(): ReadonlySet<string>;
}

export const UNRESTRICTED_ACCESS: UserAccess = {
  key: '',
  restricted: false,
  can: () => true,
  namespacesWhere: () => ALL_NAMESPACES,
  visibleNamespaces: () => ALL_NAMESPACES,
};

/** A set that holds every namespace (the console's own view). */
const ALL_NAMESPACES: ReadonlySet<string> = new (class extends Set<string> {
  override has(): boolean {
    return true;
  }
})();

export function isEveryNamespace(set: ReadonlySet<string>): boolean {
  return set === ALL_NAMESPACES;
}

/** A short, stable text of the rules, for the key: the same rules in the same namespaces give the same key. */
function fingerprint(rulesByNamespace: ReadonlyMap<string, readonly ResourceRule[]>): string {
  const text = [...rulesByNamespace]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([ns, rules]) => `${ns}=${rules.map((r) => JSON.stringify(r)).join(';')}`)
    .join('\n');
  // FNV-1a, 2 × 32 bits: collisions would need equal lengths too; the key is a cache key, not a secret.
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return `${(h1 >>> 0).toString(36)}.${(h2 >>> 0).toString(36)}.${text.length}`;
}

export function userAccessOf(rulesByNamespace: ReadonlyMap<string, readonly ResourceRule[]>): UserAccess {
  const where = new Map<string, ReadonlySet<string>>();
  const namespacesWhere = (verb: string, group: string, resource: string): ReadonlySet<string> => {
    const shape = `${verb} ${group} ${resource}`;
    let set = where.get(shape);
    if (!set) {
      set = new Set(
        [...rulesByNamespace].filter(([, rules]) => rulesAllow(rules, { verb, group, resource })).map(([ns]) => ns),
      );
      where.set(shape, set);
    }
    return set;
  };
  let visible: ReadonlySet<string> | undefined;
  return {
    key: fingerprint(rulesByNamespace),
    restricted: true,
    can: (request, namespace) => rulesAllow(rulesByNamespace.get(namespace) ?? [], request),
    namespacesWhere,
    visibleNamespaces() {
      visible ??= new Set(
        [...rulesByNamespace]
          .filter(([ns, rules]) => rulesAllow(rules, { verb: 'get', group: '', resource: 'namespaces', name: ns }))
          .map(([ns]) => ns),
      );
      return visible;
    },
  };
}
