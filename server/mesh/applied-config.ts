// The Istio config that applies to an app, workload or service: every object whose reach (config-reach.ts, the rules
// and their sources) includes it, with one exception that needs the other objects: one Sidecar configures a workload,
// the first of its namespace's Sidecars whose workloadSelector picks it, else its namespace's one without selector,
// else the root namespace's one without selector (Istio's Sidecar reference: selector wins over none; the root
// namespace's selector-less Sidecar is the default of namespaces without one).
// Pure: the objects arrive as values; computed per detail request, so the lists' cost is unchanged.
import type { EntityRef } from '../../lib/api/entity-ref.js';
import type { KubeObject } from '../sources/kubernetes.js';
import {
  policySelector as sidecarSelector,
  reachOf,
  reaches,
  selectsLabels,
  targetHosts,
  type ConfigTarget,
} from './config-reach.js';
import type { ServiceLinks } from './build-mesh.js';
import type { WorkloadModel } from './build-workloads.js';
import type { ConfigRef, HostIndex } from './istio-refs.js';

export type { ConfigTarget } from './config-reach.js';

export interface AppliedConfigInputs {
  /** Istio's root namespace (meshConfig.rootNamespace, istio-system by default). */
  rootNamespace: string;
  /** Objects of the workload-policy kinds, Gateways, ServiceEntries and Gateway API routes, of every namespace. */
  objects: readonly KubeObject[];
  /** VirtualServices and DestinationRules by host, as the lists index them (istio-refs.ts, the same host rules). */
  virtualServices: HostIndex;
  destinationRules: HostIndex;
}

const refOf = (o: KubeObject): ConfigRef => ({
  kind: o.kind ?? '',
  namespace: o.metadata.namespace ?? '',
  name: o.metadata.name,
});

/** The labels the policies select on: each pod's, or the workload's own while it has none. */
const workloadLabels = (w: WorkloadModel) => (w.pods.length > 0 ? w.pods.map((p) => p.labels) : [w.labels]);

/**
 * An app, workload or service of one namespace as a target of config: the workload page's and the charts' markers'
 * one reading of "what is this entity", so both agree. A name the namespace does not hold has no workloads.
 */
export function configTarget(
  workloads: readonly WorkloadModel[],
  links: ServiceLinks,
  entity: EntityRef,
): ConfigTarget {
  const { namespace, resource, name } = entity;
  if (resource === 'services') {
    const selected = new Set(links.workloadsOfService.get(name) ?? []);
    return {
      namespace,
      workloadLabels: workloads.filter((w) => selected.has(w.name)).flatMap(workloadLabels),
      services: [name],
    };
  }
  const mine = workloads.filter((w) => (resource === 'workloads' ? w.name === name : w.app === name));
  const services = new Set(mine.flatMap((w) => links.servicesOfWorkload.get(w.name) ?? []));
  return { namespace, workloadLabels: mine.flatMap(workloadLabels), services: [...services].sort() };
}

/** The one Sidecar that configures each of the target's workloads, if any. */
function sidecarsFor(sidecars: readonly KubeObject[], target: ConfigTarget, rootNamespace: string): KubeObject[] {
  // Items of a list carry no kind: each is read as the Sidecar it is.
  const policySelector = (o: KubeObject) => sidecarSelector({ ...o, kind: 'Sidecar' });
  const inNamespace = sidecars.filter((o) => o.metadata.namespace === target.namespace);
  const namespaceDefault =
    inNamespace.find((o) => !policySelector(o)) ??
    sidecars.find((o) => o.metadata.namespace === rootNamespace && !policySelector(o));
  const chosen = new Set<KubeObject>();
  for (const labels of target.workloadLabels) {
    const own = inNamespace.find((o) => {
      const selector = policySelector(o);
      return selector !== null && selectsLabels(selector, labels);
    });
    const sidecar = own ?? namespaceDefault;
    if (sidecar) chosen.add(sidecar);
  }
  return [...chosen];
}

/**
 * Whether `sidecar` (as a change left it) is the Sidecar of one of the target's workloads, among the `others` of the
 * cluster now (itself, as it was or is, left out of them): the change markers' reading of Istio's precedence.
 */
export function sidecarApplies(
  sidecar: KubeObject,
  others: readonly KubeObject[],
  target: ConfigTarget,
  rootNamespace: string,
): boolean {
  const same = (o: KubeObject) =>
    o.metadata.namespace === sidecar.metadata.namespace && o.metadata.name === sidecar.metadata.name;
  return sidecarsFor([...others.filter((o) => !same(o)), sidecar], target, rootNamespace).includes(sidecar);
}

/** Every Istio object that applies to the target, sorted by kind, namespace and name. */
export function appliedConfig(inputs: AppliedConfigInputs, target: ConfigTarget): ConfigRef[] {
  const hosts = targetHosts(target);
  const found = new Map<string, ConfigRef>();
  const add = (r: ConfigRef) => found.set(`${r.kind}/${r.namespace}/${r.name}`, r);
  for (const host of hosts) {
    for (const r of inputs.virtualServices.refsFor(host)) add(r);
    for (const r of inputs.destinationRules.refsFor(host)) add(r);
  }
  const sidecars = inputs.objects.filter((o) => o.kind === 'Sidecar');
  for (const o of sidecarsFor(sidecars, target, inputs.rootNamespace)) add(refOf(o));
  for (const o of inputs.objects) {
    if (o.kind === 'Sidecar') continue;
    if (reaches(reachOf(o.kind ?? '', o, inputs.rootNamespace), target, hosts)) add(refOf(o));
  }
  return [...found.values()].sort(
    (a, b) => a.kind.localeCompare(b.kind) || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name),
  );
}
