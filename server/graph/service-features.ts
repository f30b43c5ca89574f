// What the Istio config does to each service host, as graph badges (Kiali's istio appender): a VirtualService,
// traffic shifting (weights over several destinations), fault injection, mirroring, request timeouts, and a circuit
// breaker (connection pool or outlier detection) in a DestinationRule.
import type { GraphBadge } from '../../lib/api/graph.js';
import { fqdn, virtualServiceHosts } from '../mesh/istio-refs.js';
import type { KubeObject } from '../sources/kubernetes.js';
import { hostMatches, isWildcard } from '../validation/hosts.js';

interface HttpRoute {
  route?: { destination?: { host?: string }; weight?: number }[];
  fault?: unknown;
  mirror?: unknown;
  mirrors?: unknown[];
  timeout?: string;
}
interface VirtualServiceSpec {
  http?: HttpRoute[];
  tcp?: { route?: unknown[] }[];
}
interface TrafficPolicy {
  connectionPool?: unknown;
  outlierDetection?: unknown;
  portLevelSettings?: TrafficPolicy[];
}
interface DestinationRuleSpec {
  host?: string;
  trafficPolicy?: TrafficPolicy;
  subsets?: { trafficPolicy?: TrafficPolicy }[];
}

/** Service FQDN → the badges its config earns. */
export interface ServiceFeatures {
  get(host: string): ReadonlySet<GraphBadge> | undefined;
}

/**
 * Badges by exact host, and by wildcard host (`*.shop.svc.cluster.local`, `*`) for every service under it, as the
 * services list counts such config among a service's (server/mesh/istio-refs.ts HostIndex).
 */
class FeaturesByHost implements ServiceFeatures {
  private readonly exact = new Map<string, Set<GraphBadge>>();
  private readonly wildcards = new Map<string, Set<GraphBadge>>();

  add(host: string, badge: GraphBadge): void {
    const map = isWildcard(host) ? this.wildcards : this.exact;
    let set = map.get(host);
    if (!set) map.set(host, (set = new Set()));
    set.add(badge);
  }

  get(host: string): ReadonlySet<GraphBadge> | undefined {
    const own = this.exact.get(host);
    let merged: Set<GraphBadge> | undefined;
    for (const [pattern, badges] of this.wildcards)
      if (hostMatches(pattern, host)) for (const b of badges) (merged ??= new Set(own)).add(b);
    return merged ?? own;
  }
}

const breaks = (p: TrafficPolicy | undefined): boolean =>
  !!p && (!!p.connectionPool || !!p.outlierDetection || (p.portLevelSettings ?? []).some(breaks));

export function serviceFeatures(
  virtualServices: readonly KubeObject[],
  destinationRules: readonly KubeObject[],
): ServiceFeatures {
  const features = new FeaturesByHost();
  for (const vs of virtualServices) {
    const ns = vs.metadata.namespace ?? '';
    const spec = (vs.spec ?? {}) as VirtualServiceSpec;
    const hosts = virtualServiceHosts(vs.spec, ns);
    const badges: GraphBadge[] = ['virtual-service'];
    for (const r of spec.http ?? []) {
      if (r.fault) badges.push('fault-injection');
      if (r.mirror || (r.mirrors?.length ?? 0) > 0) badges.push('mirroring');
      if (r.timeout) badges.push('request-timeout');
      if ((r.route?.length ?? 0) > 1) badges.push('traffic-shifting');
    }
    for (const r of spec.tcp ?? []) if ((r.route?.length ?? 0) > 1) badges.push('traffic-shifting');
    for (const host of hosts) for (const b of badges) features.add(host, b);
  }
  for (const dr of destinationRules) {
    const spec = (dr.spec ?? {}) as DestinationRuleSpec;
    if (!spec.host) continue;
    if (breaks(spec.trafficPolicy) || (spec.subsets ?? []).some((s) => breaks(s.trafficPolicy)))
      features.add(fqdn(spec.host, dr.metadata.namespace ?? ''), 'circuit-breaker');
  }
  return features;
}
