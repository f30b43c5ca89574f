// Gateway API routing of a service inside the mesh (GAMMA): an HTTPRoute or GRPCRoute in the service's namespace with
// a parentRef of kind Service naming it (gateway-api.sigs.k8s.io, mesh/GAMMA: a Service parentRef attaches the route
// to traffic addressed to that Service). Its rules route to Services by backendRefs, with weights that are
// proportions (weight / sum of the rule's weights; one backend alone with a weight above 0 takes everything; absent
// means 1: BackendRef.weight in the Gateway API spec), so each version needs a Service of its own.
import type { KubeObject } from '../sources/kubernetes.js';
import type { PlanInput } from './plan-types.js';

export interface ParentRef {
  group?: string;
  kind?: string;
  name?: string;
  namespace?: string;
}

export type GatewayRule = Record<string, unknown> & { matches?: unknown[]; backendRefs?: BackendRef[] };
export type BackendRef = Record<string, unknown> & {
  name?: string;
  kind?: string;
  group?: string;
  port?: number;
  weight?: number;
};

/** Does a parentRef name this Service? (kind Service in the core group, "" as the API writes it). */
function namesServiceParent(ref: ParentRef, name: string, namespace: string, routeNamespace: string): boolean {
  return (
    ref.kind === 'Service' &&
    (ref.group === undefined || ref.group === '' || ref.group === 'core') &&
    ref.name === name &&
    (ref.namespace ?? routeNamespace) === namespace
  );
}

/** The HTTPRoutes, then GRPCRoutes, of the service's namespace attached to the service, each first by name first. */
export function gatewayRoutesFor(input: PlanInput): KubeObject[] {
  const { name } = input.service.metadata;
  const attached = (routes: readonly KubeObject[]) =>
    routes
      .filter((r) => (r.metadata.namespace ?? input.namespace) === input.namespace)
      .filter((r) => {
        const parents = Array.isArray(r.spec?.parentRefs) ? (r.spec.parentRefs as ParentRef[]) : [];
        return parents.some((p) =>
          namesServiceParent(p, name, input.namespace, r.metadata.namespace ?? input.namespace),
        );
      })
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  return [...attached(input.httpRoutes), ...attached(input.grpcRoutes)];
}

export const rulesOf = (route: KubeObject | null | undefined): GatewayRule[] =>
  Array.isArray(route?.spec?.rules) ? (route.spec.rules as GatewayRule[]) : [];

/**
 * The rule every request falls to: one without matches (an HTTPRoute rule without matches matches the path prefix
 * "/", a GRPCRoute rule without matches matches every method), or an HTTPRoute's lone PathPrefix "/" match.
 */
export function defaultRuleIndex(route: KubeObject): number {
  return rulesOf(route).findIndex((rule) => {
    const matches = Array.isArray(rule.matches) ? rule.matches : [];
    if (matches.length === 0) return true;
    if (route.kind !== 'HTTPRoute' || matches.length !== 1) return false;
    const only = matches[0] as { path?: { type?: string; value?: string }; [key: string]: unknown };
    return Object.keys(only).length === 1 && only.path?.type === 'PathPrefix' && only.path.value === '/';
  });
}

/** Version → the Services that carry only it (input.versionServices is Service → version). */
export function servicesByVersion(input: PlanInput): Map<string, string[]> {
  const byVersion = new Map<string, string[]>();
  for (const [service, version] of Object.entries(input.versionServices).sort(([a], [b]) => a.localeCompare(b)))
    byVersion.set(version, [...(byVersion.get(version) ?? []), service]);
  return byVersion;
}
