// Validation findings on the graph: each object with findings marks what it configures. A VirtualService, a
// DestinationRule, a ServiceEntry or a Service marks the service hosts it names; a Deployment, StatefulSet,
// DaemonSet or Pod marks its workload; a Gateway marks the gateway workloads its selector picks, and their services, as
// the lists show it among their Istio config. Policies that select by label or apply to a namespace are left to the
// Istio Config pages: they touch too much of a graph to mark one node.
import { fqdn, serviceHost, virtualServiceHosts } from '../mesh/istio-refs.js';
import { selects } from '../mesh/pod-facts.js';
import { hostMatches, isWildcard } from '../validation/hosts.js';

export interface FindingCounts {
  errors: number;
  warnings: number;
}

/** One validated object and how many findings it has, as the validator holds it. */
export interface CheckedObject {
  kind: string;
  namespace: string;
  name: string;
  spec: unknown;
  counts: FindingCounts;
}

export interface ConfigFindings {
  /** Service FQDN → findings of the objects that configure it. */
  byHost: Map<string, FindingCounts>;
  /**
   * Objects that name wildcard hosts (`*.shop.svc.cluster.local`, `*`), which the services list counts for every
   * service under them (server/mesh/istio-refs.ts HostIndex); `exactHosts` keeps an object that also names the
   * service exactly from counting twice.
   */
  wildcards: { patterns: string[]; exactHosts: ReadonlySet<string>; counts: FindingCounts }[];
  /** `namespace/workload` → findings of the workload's own objects. */
  byWorkload: Map<string, FindingCounts>;
  /** Gateways with findings, by the labels of the gateway workloads they configure. */
  gateways: { selector: Record<string, string>; counts: FindingCounts }[];
}

/** A workload a node stands for; gateway workloads are also configured by the Gateways that select them. */
export interface NodeWorkload {
  namespace: string;
  name: string;
  isGateway?: boolean;
  labels?: Record<string, string>;
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Pod']);

function add(map: Map<string, FindingCounts>, key: string, counts: FindingCounts): void {
  const c = map.get(key);
  if (!c) map.set(key, { ...counts });
  else {
    c.errors += counts.errors;
    c.warnings += counts.warnings;
  }
}

interface HostSpec {
  hosts?: string[];
  host?: string;
}

/** The service hosts an object configures. */
function hostsOf(o: CheckedObject): string[] {
  const spec = (o.spec ?? {}) as HostSpec;
  switch (o.kind) {
    case 'Service':
      return [serviceHost(o.namespace, o.name)];
    case 'DestinationRule':
      return spec.host ? [fqdn(spec.host, o.namespace)] : [];
    case 'ServiceEntry':
      return spec.hosts ?? []; // registry hosts as written: Istio does not expand a ServiceEntry's hosts
    case 'VirtualService':
      return [...virtualServiceHosts(o.spec, o.namespace)];
    default:
      return [];
  }
}

export function configFindings(objects: Iterable<CheckedObject>): ConfigFindings {
  const byHost = new Map<string, FindingCounts>();
  const byWorkload = new Map<string, FindingCounts>();
  const gateways: ConfigFindings['gateways'] = [];
  const wildcards: ConfigFindings['wildcards'] = [];
  for (const o of objects) {
    if (o.counts.errors === 0 && o.counts.warnings === 0) continue;
    if (WORKLOAD_KINDS.has(o.kind)) add(byWorkload, `${o.namespace}/${o.name}`, o.counts);
    const hosts = hostsOf(o);
    for (const host of hosts) add(byHost, host, o.counts);
    const patterns = hosts.filter(isWildcard);
    if (patterns.length > 0) wildcards.push({ patterns, exactHosts: new Set(hosts), counts: o.counts });
    const selector = (o.spec as { selector?: Record<string, string> } | null)?.selector;
    if (o.kind === 'Gateway' && selector) gateways.push({ selector, counts: o.counts });
  }
  return { byHost, wildcards, byWorkload, gateways };
}

/**
 * The findings that touch one node: its service's hosts, or its workloads' own objects; and for both, the Gateways
 * that select the gateway workloads behind it (`gatewayWorkloads`: those of a service node), each counted once.
 */
export function findingsOfNode(
  node: { nodeType: string; namespace: string; service?: string; hosts?: string[] },
  workloads: readonly NodeWorkload[] | null,
  findings: ConfigFindings,
  gatewayWorkloads: readonly NodeWorkload[] = [],
): FindingCounts | null {
  const total: FindingCounts = { errors: 0, warnings: 0 };
  const keys =
    node.nodeType === 'service'
      ? [serviceHost(node.namespace, node.service ?? '')]
      : node.nodeType === 'serviceEntry'
        ? (node.hosts ?? [])
        : [];
  for (const host of keys) {
    const c = findings.byHost.get(host);
    if (c) {
      total.errors += c.errors;
      total.warnings += c.warnings;
    }
  }
  for (const w of findings.wildcards)
    if (
      keys.some((host) => w.patterns.some((p) => hostMatches(p, host))) &&
      !keys.some((host) => w.exactHosts.has(host))
    ) {
      total.errors += w.counts.errors;
      total.warnings += w.counts.warnings;
    }
  for (const w of workloads ?? []) {
    const c = findings.byWorkload.get(`${w.namespace}/${w.name}`);
    if (c) {
      total.errors += c.errors;
      total.warnings += c.warnings;
    }
  }
  const gateways = [...(workloads ?? []), ...gatewayWorkloads].filter((w) => w.isGateway && w.labels);
  if (gateways.length > 0)
    for (const g of findings.gateways)
      if (gateways.some((w) => selects(g.selector, w.labels!))) {
        total.errors += g.counts.errors;
        total.warnings += g.counts.warnings;
      }
  return total.errors + total.warnings > 0 ? total : null;
}
