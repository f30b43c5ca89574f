// What an Istio object configures, read from the object alone (pure), and whether that touches an app, workload or
// service. Read when the change is seen and kept with it, so that a deleted object still marks what it configured.
//
// - VirtualService: the hosts it routes for (unless bound only to gateways, whose "*" would reach every service) and
//   every destination it sends to; DestinationRule its host; ServiceEntry its hosts. Short names resolve in the
//   object's namespace (server/validation/hosts.ts, Istio's ResolveShortnameToFQDN).
// - Gateway: the gateway pods its selector picks, in any namespace (Istio's default gateway scope).
// - Sidecar, EnvoyFilter (workloadSelector.labels), AuthorizationPolicy, PeerAuthentication, RequestAuthentication,
//   Telemetry (selector.matchLabels): the pods of its namespace it selects; without a selector every workload of its
//   namespace, and of the mesh in the root namespace. A policy's targetRef(s) to a Service reach that service's host.
import { hostMatches, toFqdn } from '../validation/hosts.js';
import type { KubeObject } from '../sources/kubernetes.js';

export type Labels = Record<string, string>;

export type ChangeReach =
  | { by: 'hosts'; hosts: string[] }
  | { by: 'selector'; namespace: string | null; labels: Labels }
  | { by: 'namespace'; namespace: string }
  | { by: 'mesh' }
  | { by: 'nothing' };

/** What an entity is, as the rules above need it: its namespace, its services' hosts, its pods' label sets. */
export interface EntityFacts {
  namespace: string;
  hosts: string[];
  podLabels: Labels[];
}

type Spec = Record<string, unknown>;

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const asRecord = (v: unknown): Spec => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Spec) : {});
const strings = (v: unknown): string[] => asArray(v).filter((s): s is string => typeof s === 'string' && s !== '');
const labelsOf = (v: unknown): Labels | null => {
  const labels = Object.fromEntries(
    Object.entries(asRecord(v)).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
  return Object.keys(labels).length > 0 ? labels : null;
};

function virtualServiceHosts(spec: Spec, namespace: string): string[] {
  const hosts = new Set<string>();
  const gateways = strings(spec['gateways']);
  // No gateways means the mesh; "mesh" among them also routes sidecars' traffic for these hosts.
  if (gateways.length === 0 || gateways.includes('mesh'))
    for (const h of strings(spec['hosts'])) hosts.add(toFqdn(h, namespace));
  for (const protocol of ['http', 'tcp', 'tls']) {
    for (const route of asArray(spec[protocol])) {
      const r = asRecord(route);
      for (const dest of asArray(r['route'])) {
        const host = asRecord(asRecord(dest)['destination'])['host'];
        if (typeof host === 'string' && host) hosts.add(toFqdn(host, namespace));
      }
      const mirror = asRecord(r['mirror'])['host'];
      if (typeof mirror === 'string' && mirror) hosts.add(toFqdn(mirror, namespace));
    }
  }
  return [...hosts];
}

/** Service hosts a policy's targetRef / targetRefs name (kind Service, in the policy's namespace unless said). */
function targetRefHosts(spec: Spec, namespace: string): string[] {
  const refs = [spec['targetRef'], ...asArray(spec['targetRefs'])].map(asRecord);
  return refs
    .filter((r) => r['kind'] === 'Service' && typeof r['name'] === 'string')
    .map((r) => toFqdn(String(r['name']), typeof r['namespace'] === 'string' ? r['namespace'] : namespace));
}

/** What one Istio object configures. `rootNamespace` is Istio's (meshConfig.rootNamespace, istio-system by default). */
export function reachOf(kind: string, object: KubeObject, rootNamespace: string): ChangeReach {
  const namespace = object.metadata.namespace ?? '';
  const spec = asRecord(object.spec);
  const selected = (labels: Labels | null): ChangeReach => {
    if (labels) return { by: 'selector', namespace, labels };
    return namespace === rootNamespace ? { by: 'mesh' } : { by: 'namespace', namespace };
  };
  switch (kind) {
    case 'VirtualService':
      return { by: 'hosts', hosts: virtualServiceHosts(spec, namespace) };
    case 'DestinationRule':
      return typeof spec['host'] === 'string'
        ? { by: 'hosts', hosts: [toFqdn(spec['host'], namespace)] }
        : { by: 'nothing' };
    case 'ServiceEntry':
      return { by: 'hosts', hosts: strings(spec['hosts']) };
    case 'Gateway': {
      const labels = labelsOf(spec['selector']);
      return labels ? { by: 'selector', namespace: null, labels } : { by: 'nothing' };
    }
    case 'Sidecar':
    case 'EnvoyFilter':
      return selected(labelsOf(asRecord(spec['workloadSelector'])['labels']));
    case 'AuthorizationPolicy':
    case 'PeerAuthentication':
    case 'RequestAuthentication':
    case 'Telemetry': {
      const hosts = targetRefHosts(spec, namespace);
      if (hosts.length > 0) return { by: 'hosts', hosts };
      return selected(labelsOf(asRecord(spec['selector'])['matchLabels']));
    }
    default:
      return { by: 'nothing' };
  }
}

const carries = (pod: Labels, wanted: Labels) => Object.entries(wanted).every(([k, v]) => pod[k] === v);

/** Does a change that reaches this far touch the entity? */
export function touches(reach: ChangeReach, entity: EntityFacts): boolean {
  switch (reach.by) {
    case 'hosts':
      return reach.hosts.some((pattern) => entity.hosts.some((host) => hostMatches(pattern, host)));
    case 'selector':
      return (
        (reach.namespace === null || reach.namespace === entity.namespace) &&
        entity.podLabels.some((pod) => carries(pod, reach.labels))
      );
    case 'namespace':
      return reach.namespace === entity.namespace;
    case 'mesh':
      return true;
    case 'nothing':
      return false;
  }
}
