// A person's view of a cluster: the shared watch cache, filtered by the person's rights (their SelfSubjectRulesReview
// per namespace, server/auth/access-rules.ts), and every call to the API itself made with their credentials, so that
// the cluster's RBAC decides. Reading through the filter costs a set lookup per namespace, not a review per object.
import { isEveryNamespace, type UserAccess } from '../auth/access-rules.js';
import type { RequestUser } from '../auth/request-user.js';
import type { KubeObject, KubernetesSource } from './kubernetes.js';
import type { CachedKind } from './watched-kinds.js';

export function kubernetesAsUser(shared: KubernetesSource, user: RequestUser, access: UserAccess): KubernetesSource {
  const visible = (kind: CachedKind, object: KubeObject): boolean => {
    const type = shared.resourceOf(kind);
    if (!type) return false;
    if (!type.namespaced) return kind === 'Namespace' && access.visibleNamespaces().has(object.metadata.name);
    const ns = object.metadata.namespace ?? '';
    return access.can({ verb: 'list', group: type.group, resource: type.resource }, ns);
  };
  return {
    ...shared.callsAs(user.credentials),
    cluster: shared.cluster,
    server: shared.server,
    user: user.name,
    actingFor: { person: user.name },
    shared,
    callsAs: (credentials) => shared.callsAs(credentials),
    start: async () => undefined,
    stop: async () => undefined,
    synced: () => shared.synced(),
    unsynced: () => shared.unsynced(),
    changes: () => shared.changes(),
    onObjectEvent: (listener) =>
      shared.onObjectEvent((event) => {
        if (visible(event.kind, event.object)) listener(event);
      }),
    problems: () => shared.problems(),
    cacheStates: () => shared.cacheStates(),
    istioKinds: () => shared.istioKinds(),
    resourceOf: (kind) => shared.resourceOf(kind),
    list(kind, namespace) {
      const type = shared.resourceOf(kind);
      if (!type) return [];
      if (!type.namespaced) {
        const seen = access.visibleNamespaces();
        return kind === 'Namespace' ? shared.list(kind).filter((o) => seen.has(o.metadata.name)) : [];
      }
      const allowed = access.namespacesWhere('list', type.group, type.resource);
      if (namespace !== undefined) return allowed.has(namespace) ? shared.list(kind, namespace) : [];
      if (isEveryNamespace(allowed)) return shared.list(kind);
      // The cache keeps objects by namespace: reading only the allowed ones costs nothing for the rest.
      return [...allowed].flatMap((ns) => shared.list(kind, ns));
    },
    get(kind, namespace, name) {
      const type = shared.resourceOf(kind);
      if (!type) return undefined;
      if (!type.namespaced)
        return kind === 'Namespace' && access.visibleNamespaces().has(name)
          ? shared.get(kind, namespace, name)
          : undefined;
      const ns = namespace ?? '';
      return access.can({ verb: 'get', group: type.group, resource: type.resource, name }, ns)
        ? shared.get(kind, namespace, name)
        : undefined;
    },
  };
}
