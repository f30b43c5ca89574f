// Which of the service's routing objects a change edits: the VirtualService that routes the service inside the mesh
// and the DestinationRule for its host, both in the service's namespace; or new ones named after the service and
// labelled as Sextant's, so that a rollback later removes what Sextant created and only that.
import type { KubeObject } from '../sources/kubernetes.js';
import { toFqdn } from '../validation/hosts.js';
import { CREATED_BY_LABEL, type PlanInput } from './plan-types.js';

const ISTIO_NETWORKING = 'networking.istio.io/v1';

/**
 * Does `host`, written in an object of `configNamespace`, name the service? Istio resolves a short name in the
 * object's namespace (toFqdn); `name.ns` is what people write too, and Istio's sidecars answer it through the search
 * domains, so it counts as the service here.
 */
export function namesService(host: unknown, configNamespace: string, name: string, namespace: string): boolean {
  if (typeof host !== 'string') return false;
  return host === `${name}.${namespace}` || toFqdn(host, configNamespace) === `${name}.${namespace}.svc.cluster.local`;
}

/** A VirtualService applies to sidecars when it names no gateway, or names the reserved gateway `mesh`. */
export function appliesToMesh(vs: KubeObject): boolean {
  const gateways = vs.spec?.gateways;
  return !Array.isArray(gateways) || gateways.length === 0 || gateways.includes('mesh');
}

const byName = (a: KubeObject, b: KubeObject) => a.metadata.name.localeCompare(b.metadata.name);

/** The VirtualServices of the service's namespace that route it for the mesh, first by name first. */
export function meshVirtualServices(input: PlanInput): KubeObject[] {
  const { name } = input.service.metadata;
  return input.virtualServices
    .filter((vs) => (vs.metadata.namespace ?? input.namespace) === input.namespace && appliesToMesh(vs))
    .filter((vs) => hostsOf(vs).some((h) => namesService(h, input.namespace, name, input.namespace)))
    .sort(byName);
}

/** The DestinationRules of the service's namespace whose host is the service, first by name first. */
export function serviceDestinationRules(input: PlanInput): KubeObject[] {
  const { name } = input.service.metadata;
  return input.destinationRules
    .filter((dr) => (dr.metadata.namespace ?? input.namespace) === input.namespace)
    .filter((dr) => namesService(dr.spec?.host, input.namespace, name, input.namespace))
    .sort(byName);
}

const hostsOf = (vs: KubeObject): unknown[] => (Array.isArray(vs.spec?.hosts) ? vs.spec.hosts : []);

/**
 * A name for an object Sextant creates: the service's, unless an object of that kind and name is already there
 * (a gateway's VirtualService named after the service, say), then the service's with `-sextant`.
 */
function freeName(taken: readonly KubeObject[], input: PlanInput): string {
  const base = input.service.metadata.name;
  const names = new Set(
    taken.filter((o) => (o.metadata.namespace ?? input.namespace) === input.namespace).map((o) => o.metadata.name),
  );
  if (!names.has(base)) return base;
  for (let i = 0; ; i++) {
    const candidate = i === 0 ? `${base}-sextant` : `${base}-sextant-${i}`;
    if (!names.has(candidate)) return candidate;
  }
}

const createdMetadata = (name: string, namespace: string) => ({
  name,
  namespace,
  labels: { [CREATED_BY_LABEL]: 'sextant' },
});

/** A VirtualService for the service with no route yet (the planner adds the default route). */
export function newVirtualService(input: PlanInput): KubeObject {
  return {
    apiVersion: ISTIO_NETWORKING,
    kind: 'VirtualService',
    metadata: createdMetadata(freeName(input.virtualServices, input), input.namespace),
    spec: { hosts: [input.service.metadata.name] },
  };
}

/** A DestinationRule for the service's host with no subset yet (the planner adds one per version it routes to). */
export function newDestinationRule(input: PlanInput): KubeObject {
  return {
    apiVersion: ISTIO_NETWORKING,
    kind: 'DestinationRule',
    metadata: createdMetadata(freeName(input.destinationRules, input), input.namespace),
    spec: { host: input.service.metadata.name },
  };
}
