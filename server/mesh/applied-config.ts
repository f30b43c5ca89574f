// The Istio config that applies to a set of workloads and services, as Istio decides it:
// - workload policies (AuthorizationPolicy, PeerAuthentication, RequestAuthentication, Sidecar, EnvoyFilter,
//   Telemetry, WasmPlugin) by selector: one in the workload's namespace or in the root namespace whose selector's
//   labels are all on the workload; no selector (or an empty one) means every workload there, and the root namespace's
//   reach the whole mesh (istio/istio pilot/pkg/model/authentication.go getConfigsForWorkload and
//   policyattachment.go: the workload's namespace, then the root namespace, selector a subset of the labels);
//   a policy with targetRef(s) attaches to what it names (a Service here) instead of selecting workloads;
// - Sidecar apart: one per workload, the first of its namespace's Sidecars whose workloadSelector picks it, else its
//   namespace's one without selector, else the root namespace's one without selector (Istio's Sidecar reference:
//   selector wins over none; the root namespace's selector-less Sidecar is the default of namespaces without one);
// - host config (VirtualService, DestinationRule, ServiceEntry) by the services' hosts, wildcards included
//   (server/validation/hosts.ts), and a ServiceEntry whose workloadSelector picks the workloads;
// - Gateway API routes (HTTPRoute, GRPCRoute) whose backendRefs or parentRefs (GAMMA: a Service as parent) name one
//   of the services.
// Pure: the objects arrive as values; computed per detail request, so the lists' cost is unchanged.
import type { KubeObject } from '../sources/kubernetes.js';
import { hostMatches, toFqdn } from '../validation/hosts.js';
import { fqdn, type ConfigRef, type HostIndex } from './istio-refs.js';

type Labels = Record<string, string>;

/** Kinds that pick workloads by labels, and where each keeps its selector. */
const SELECTOR_OF: Record<string, (spec: Record<string, unknown>) => Labels | undefined | null> = {
  AuthorizationPolicy: (s) => matchLabels(s.selector),
  PeerAuthentication: (s) => matchLabels(s.selector),
  RequestAuthentication: (s) => matchLabels(s.selector),
  Telemetry: (s) => matchLabels(s.selector),
  WasmPlugin: (s) => matchLabels(s.selector),
  Sidecar: (s) => (s.workloadSelector as { labels?: Labels } | undefined)?.labels,
  EnvoyFilter: (s) => (s.workloadSelector as { labels?: Labels } | undefined)?.labels,
};

export const WORKLOAD_POLICY_KINDS = Object.keys(SELECTOR_OF);

function matchLabels(selector: unknown): Labels | undefined {
  return (selector as { matchLabels?: Labels } | undefined)?.matchLabels;
}

interface TargetRef {
  kind?: string;
  group?: string;
  name?: string;
  namespace?: string;
}

function targetRefsOf(spec: Record<string, unknown>): TargetRef[] {
  const refs = (spec.targetRefs as TargetRef[] | undefined) ?? [];
  const one = spec.targetRef as TargetRef | undefined;
  return one ? [one, ...refs] : refs;
}

const subsetOf = (selector: Labels, labels: Labels) => Object.entries(selector).every(([k, v]) => labels[k] === v);

export interface AppliedConfigInputs {
  /** Istio's root namespace (meshConfig.rootNamespace, istio-system by default). */
  rootNamespace: string;
  /** Objects of the workload-policy kinds, the ServiceEntries and the Gateway API routes, of every namespace. */
  objects: readonly KubeObject[];
  virtualServices: HostIndex;
  destinationRules: HostIndex;
}

export interface AppliedConfigTarget {
  namespace: string;
  /** The labels of each workload (its pods' labels): a policy applies when it selects any of them. */
  workloadLabels: readonly Labels[];
  /** The names of the services (in `namespace`) the workloads are behind. */
  services: readonly string[];
}

const refOf = (o: KubeObject): ConfigRef => ({
  kind: o.kind ?? '',
  namespace: o.metadata.namespace ?? '',
  name: o.metadata.name,
});

function policyApplies(o: KubeObject, target: AppliedConfigTarget, rootNamespace: string): boolean {
  const spec = o.spec ?? {};
  const ns = o.metadata.namespace ?? '';
  const targets = targetRefsOf(spec);
  if (targets.length > 0)
    return targets.some(
      (t) =>
        t.kind === 'Service' &&
        (t.group ?? '') === '' &&
        (t.namespace ?? ns) === target.namespace &&
        ns === target.namespace &&
        target.services.includes(t.name ?? ''),
    );
  if (ns !== target.namespace && ns !== rootNamespace) return false;
  const selector = SELECTOR_OF[o.kind ?? '']!(spec) ?? {};
  return target.workloadLabels.some((labels) => subsetOf(selector, labels));
}

interface RouteRef {
  group?: string;
  kind?: string;
  name?: string;
  namespace?: string;
}

/** The Services a Gateway API route sends to (backendRefs) or is attached to as a mesh route (parentRefs). */
function routeServices(o: KubeObject): { namespace: string; name: string }[] {
  const spec = (o.spec ?? {}) as { parentRefs?: RouteRef[]; rules?: { backendRefs?: RouteRef[] }[] };
  const ns = o.metadata.namespace ?? '';
  const refs = [
    ...(spec.parentRefs ?? []).filter((p) => p.kind === 'Service'),
    // A backendRef is a core Service unless it says otherwise.
    ...(spec.rules ?? []).flatMap((r) => r.backendRefs ?? []).filter((b) => (b.kind ?? 'Service') === 'Service'),
  ];
  return refs.filter((r) => (r.group ?? '') === '').map((r) => ({ namespace: r.namespace ?? ns, name: r.name ?? '' }));
}

function serviceEntryApplies(o: KubeObject, target: AppliedConfigTarget, hosts: readonly string[]): boolean {
  const spec = (o.spec ?? {}) as { hosts?: string[]; workloadSelector?: { labels?: Labels } };
  const ns = o.metadata.namespace ?? '';
  const selector = spec.workloadSelector?.labels;
  if (selector && ns === target.namespace && target.workloadLabels.some((l) => subsetOf(selector, l))) return true;
  return (spec.hosts ?? []).some((h) => {
    const full = fqdn(h, ns);
    return hosts.some((host) => hostMatches(full, host));
  });
}

/** The one Sidecar that configures each of the workloads, if any. */
function sidecarsFor(
  sidecars: readonly KubeObject[],
  target: AppliedConfigTarget,
  rootNamespace: string,
): KubeObject[] {
  const selectorOf = (o: KubeObject) => SELECTOR_OF['Sidecar']!(o.spec ?? {});
  const inNamespace = sidecars.filter((o) => o.metadata.namespace === target.namespace);
  const namespaceDefault =
    inNamespace.find((o) => !selectorOf(o)) ??
    sidecars.find((o) => o.metadata.namespace === rootNamespace && !selectorOf(o));
  const chosen = new Set<KubeObject>();
  for (const labels of target.workloadLabels) {
    const own = inNamespace.find((o) => {
      const selector = selectorOf(o);
      return selector !== undefined && selector !== null && subsetOf(selector, labels);
    });
    const sidecar = own ?? namespaceDefault;
    if (sidecar) chosen.add(sidecar);
  }
  return [...chosen];
}

/** Every Istio object that applies to the target, sorted by kind, namespace and name. */
export function appliedConfig(inputs: AppliedConfigInputs, target: AppliedConfigTarget): ConfigRef[] {
  const hosts = target.services.map((s) => toFqdn(s, target.namespace));
  const found = new Map<string, ConfigRef>();
  const add = (r: ConfigRef) => found.set(`${r.kind}/${r.namespace}/${r.name}`, r);
  for (const host of hosts) {
    for (const r of inputs.virtualServices.refsFor(host)) add(r);
    for (const r of inputs.destinationRules.refsFor(host)) add(r);
  }
  for (const o of sidecarsFor(
    inputs.objects.filter((o) => o.kind === 'Sidecar'),
    target,
    inputs.rootNamespace,
  ))
    add(refOf(o));
  for (const o of inputs.objects) {
    const kind = o.kind ?? '';
    if (kind === 'Sidecar') continue;
    if (kind in SELECTOR_OF) {
      if (policyApplies(o, target, inputs.rootNamespace)) add(refOf(o));
    } else if (kind === 'ServiceEntry') {
      if (serviceEntryApplies(o, target, hosts)) add(refOf(o));
    } else if (kind === 'HTTPRoute' || kind === 'GRPCRoute') {
      if (routeServices(o).some((s) => s.namespace === target.namespace && target.services.includes(s.name)))
        add(refOf(o));
    }
  }
  return [...found.values()].sort(
    (a, b) => a.kind.localeCompare(b.kind) || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name),
  );
}
