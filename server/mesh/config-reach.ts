// What one Istio object configures, read from the object alone, and whether that reaches an app, workload or service.
// The one home of these rules: the Overview's "Istio config that applies" (applied-config.ts) and the charts' change
// markers (server/changes/change-log.ts, which keeps an object's reach with its change so that a deleted object
// still marks what it configured) both ask them, so a marker marks exactly the objects the Overview lists.
//
// - Host config: a VirtualService its mesh hosts and route destinations (istio-refs.ts virtualServiceHosts), a
//   DestinationRule its host, a ServiceEntry its hosts (and the workloads its workloadSelector picks in its
//   namespace); short names resolve in the object's namespace (Istio's ResolveShortnameToFQDN, server/validation/
//   hosts.ts), wildcards match as Istio matches them.
// - Workload policies (AuthorizationPolicy, PeerAuthentication, RequestAuthentication, Telemetry, WasmPlugin by
//   selector.matchLabels; Sidecar, EnvoyFilter by workloadSelector.labels): the workloads of its namespace whose
//   labels include the selector's, or of every namespace from the root namespace; no selector (or an empty one) means
//   its whole namespace, or the mesh from the root namespace (istio/istio pilot/pkg/model/authentication.go
//   getConfigsForWorkload and policyattachment.go). A policy's targetRef(s) to a core Service of its own namespace
//   attach it to that Service instead of selecting workloads.
// - Gateway: the gateway pods its selector picks, in any namespace (Istio's default gateway scope).
// - Gateway API routes (HTTPRoute, GRPCRoute): the core Services their backendRefs or GAMMA parentRefs name.
import type { KubeObject } from '../sources/kubernetes.js';
import { hostMatches, toFqdn } from '../validation/hosts.js';
import { serviceHost, virtualServiceHosts } from './istio-refs.js';

export type Labels = Record<string, string>;

/** One way an object reaches workloads; an object reaches what any of its clauses reaches. */
export type ReachClause =
  | { by: 'hosts'; hosts: string[] }
  | { by: 'selector'; namespace: string | null; labels: Labels }
  | { by: 'namespace'; namespace: string }
  | { by: 'mesh' };

export type ConfigReach = ReachClause[];

/** An app, workload or service as the rules need it. */
export interface ConfigTarget {
  namespace: string;
  /** The labels of each of its workloads' pods (a workload's own labels when it has no pod). */
  workloadLabels: readonly Labels[];
  /** The names of the services (in `namespace`) it is, or its workloads are behind. */
  services: readonly string[];
}

type Spec = Record<string, unknown>;

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const asRecord = (v: unknown): Spec => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Spec) : {});
const strings = (v: unknown): string[] => asArray(v).filter((s): s is string => typeof s === 'string' && s !== '');
/** A selector's labels; null when there is none or it is empty (both select everything in scope). */
const labelsOf = (v: unknown): Labels | null => {
  const labels = Object.fromEntries(
    Object.entries(asRecord(v)).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
  return Object.keys(labels).length > 0 ? labels : null;
};

/** Where each workload-policy kind keeps its selector's labels. */
const SELECTOR_OF: Record<string, (spec: Spec) => Labels | null> = {
  AuthorizationPolicy: (s) => labelsOf(asRecord(s['selector'])['matchLabels']),
  PeerAuthentication: (s) => labelsOf(asRecord(s['selector'])['matchLabels']),
  RequestAuthentication: (s) => labelsOf(asRecord(s['selector'])['matchLabels']),
  Telemetry: (s) => labelsOf(asRecord(s['selector'])['matchLabels']),
  WasmPlugin: (s) => labelsOf(asRecord(s['selector'])['matchLabels']),
  Sidecar: (s) => labelsOf(asRecord(s['workloadSelector'])['labels']),
  EnvoyFilter: (s) => labelsOf(asRecord(s['workloadSelector'])['labels']),
};

/** The selector labels of a workload-policy object, null when it selects its whole scope. */
export const policySelector = (o: KubeObject): Labels | null => SELECTOR_OF[o.kind ?? '']?.(asRecord(o.spec)) ?? null;

/** Core Services named by refs (kind Service unless `defaultKind` says otherwise), as hosts, kept to `only`'s namespace. */
function serviceRefHosts(refs: unknown[], namespace: string, only: string | null, defaultKind?: string): string[] {
  return refs
    .map(asRecord)
    .filter(
      (r) => (r['kind'] ?? defaultKind) === 'Service' && (r['group'] ?? '') === '' && typeof r['name'] === 'string',
    )
    .map((r) => ({ ns: typeof r['namespace'] === 'string' ? r['namespace'] : namespace, name: String(r['name']) }))
    .filter((r) => only === null || r.ns === only)
    .map((r) => serviceHost(r.ns, r.name));
}

function routeHosts(spec: Spec, namespace: string): string[] {
  const backends = asArray(spec['rules']).flatMap((r) => asArray(asRecord(r)['backendRefs']));
  return [
    ...serviceRefHosts(asArray(spec['parentRefs']), namespace, null),
    // A backendRef is a core Service unless it says otherwise (gateway-api BackendObjectReference).
    ...serviceRefHosts(backends, namespace, null, 'Service'),
  ];
}

/** What one Istio object configures. `rootNamespace` is Istio's (meshConfig.rootNamespace, istio-system by default). */
export function reachOf(kind: string, object: KubeObject, rootNamespace: string): ConfigReach {
  const namespace = object.metadata.namespace ?? '';
  const spec = asRecord(object.spec);
  switch (kind) {
    case 'VirtualService':
      return [{ by: 'hosts', hosts: [...virtualServiceHosts(spec, namespace)] }];
    case 'DestinationRule':
      return typeof spec['host'] === 'string' ? [{ by: 'hosts', hosts: [toFqdn(spec['host'], namespace)] }] : [];
    case 'ServiceEntry': {
      const hosts: ConfigReach = [{ by: 'hosts', hosts: strings(spec['hosts']).map((h) => toFqdn(h, namespace)) }];
      const labels = labelsOf(asRecord(spec['workloadSelector'])['labels']);
      return labels ? [...hosts, { by: 'selector', namespace, labels }] : hosts;
    }
    case 'Gateway': {
      const labels = labelsOf(spec['selector']);
      return labels ? [{ by: 'selector', namespace: null, labels }] : [];
    }
    case 'HTTPRoute':
    case 'GRPCRoute':
      return [{ by: 'hosts', hosts: routeHosts(spec, namespace) }];
  }
  const selector = SELECTOR_OF[kind];
  if (!selector) return [];
  const targetRefs = [spec['targetRef'], ...asArray(spec['targetRefs'])].filter((r) => r !== undefined);
  // A policy with targetRefs attaches to what they name, and nothing else (a ref outside its namespace is ignored).
  if (targetRefs.length > 0) return [{ by: 'hosts', hosts: serviceRefHosts(targetRefs, namespace, namespace) }];
  const labels = selector(spec);
  const fromRoot = namespace === rootNamespace;
  if (labels) return [{ by: 'selector', namespace: fromRoot ? null : namespace, labels }];
  return [fromRoot ? { by: 'mesh' } : { by: 'namespace', namespace }];
}

export const selectsLabels = (selector: Labels, labels: Labels) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

/** The FQDNs of the target's services. */
export const targetHosts = (target: ConfigTarget) => target.services.map((s) => serviceHost(target.namespace, s));

/** Does an object that reaches this far configure the target? `hosts` are targetHosts(target), computed once. */
export function reaches(reach: ConfigReach, target: ConfigTarget, hosts = targetHosts(target)): boolean {
  return reach.some((clause) => {
    switch (clause.by) {
      case 'hosts':
        return clause.hosts.some((pattern) => hosts.some((host) => hostMatches(pattern, host)));
      case 'selector':
        return (
          (clause.namespace === null || clause.namespace === target.namespace) &&
          target.workloadLabels.some((labels) => selectsLabels(clause.labels, labels))
        );
      case 'namespace':
        return clause.namespace === target.namespace;
      case 'mesh':
        return true;
    }
  });
}
