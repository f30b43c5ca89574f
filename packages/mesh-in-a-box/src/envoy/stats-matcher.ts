import { parse } from 'yaml';
import type { KubeObject } from '../store/kube-object.js';
import type { ObjectStore } from '../store/object-store.js';
import { GR } from '../store/resource-types.js';

// Istio keeps only a few of Envoy's stats: pilot-agent writes an inclusion list into the bootstrap's stats_matcher, and
// Envoy creates every other stat as a null stat that /stats never shows. The required entries are always there; a
// pod adds its own with the sidecar.istio.io/statsInclusion{Prefixes,Suffixes,Regexps} annotations (comma-separated),
// or else with proxyStatsMatcher in its proxy.istio.io/config annotation or the mesh's defaultConfig (istio/istio,
// pkg/bootstrap/config.go getStatsOptions: an annotation replaces the ProxyConfig list, never merges with it). So a
// default sidecar shows cluster.xds-grpc.* but no cluster.outbound|… stats (istio.io, "Envoy Statistics").

const REQUIRED_PREFIXES = [
  'reporter=',
  'cluster_manager',
  'listener_manager',
  'server',
  'cluster.xds-grpc',
  'wasm',
  'component',
  'istio',
];
const REQUIRED_SUFFIXES = ['rbac.allowed', 'rbac.denied'];
const XDS_GRPC = 'cluster.xds-grpc';

export interface StatsInclusion {
  prefixes: string[];
  suffixes: string[];
  regexps: string[];
}

export interface ProxyStatsMatcher {
  inclusionPrefixes?: string[];
  inclusionSuffixes?: string[];
  inclusionRegexps?: string[];
}

/** The inclusion list of one pod's proxy, in the order pilot-agent writes it (the pod's own entries first). */
export function statsInclusion(store: ObjectStore, pod: KubeObject): StatsInclusion {
  return statsInclusionWith(meshStatsMatcher(store), pod);
}

/** The same, with the mesh config's matcher read once for many pods (meshStatsMatcher). */
export function statsInclusionWith(meshMatcher: ProxyStatsMatcher | undefined, pod: KubeObject): StatsInclusion {
  const annotations = pod.metadata.annotations ?? {};
  const matcher = proxyStatsMatcher(annotations['proxy.istio.io/config']) ?? meshMatcher;
  const pick = (annotation: string | undefined, fromConfig: string[] | undefined, required: string[]) => {
    const own = annotation ? annotation.split(',') : (fromConfig ?? []);
    const ip = typeof pod.status?.podIP === 'string' ? pod.status.podIP : '';
    return [...own.map((p) => p.replaceAll('{pod_ip}', ip)), ...required];
  };
  return {
    prefixes: pick(
      annotations['sidecar.istio.io/statsInclusionPrefixes'],
      matcher?.inclusionPrefixes,
      REQUIRED_PREFIXES,
    ),
    suffixes: pick(
      annotations['sidecar.istio.io/statsInclusionSuffixes'],
      matcher?.inclusionSuffixes,
      REQUIRED_SUFFIXES,
    ),
    regexps: pick(annotations['sidecar.istio.io/statsInclusionRegexps'], matcher?.inclusionRegexps, []),
  };
}

/** The bootstrap's stats_matcher for an inclusion list. */
export function statsMatcherConfig(inclusion: StatsInclusion): { inclusion_list: { patterns: object[] } } {
  return {
    inclusion_list: {
      patterns: [
        ...inclusion.prefixes.map((prefix) => ({ prefix })),
        ...inclusion.suffixes.map((suffix) => ({ suffix })),
        ...inclusion.regexps.map((regex) => ({ safe_regex: { regex } })),
      ],
    },
  };
}

/** Whether a stat name passes the inclusion list. Regexps match the whole name, as Envoy's safe_regex does. */
export function statsMatcher(inclusion: StatsInclusion): (name: string) => boolean {
  const regexps = inclusion.regexps.flatMap((source) => {
    try {
      return [new RegExp(`^(?:${source})$`)];
    } catch {
      return []; // Envoy would refuse the bootstrap; the simulator keeps the rest of the list
    }
  });
  return (name) =>
    inclusion.prefixes.some((p) => name.startsWith(p)) ||
    inclusion.suffixes.some((s) => name.endsWith(s)) ||
    regexps.some((r) => r.test(name));
}

/**
 * Whether any stat of an upstream cluster (`cluster.outbound|…`, `cluster.inbound|…`) can pass the inclusion list. A
 * default sidecar's cannot (its only cluster prefix is cluster.xds-grpc), so Envoy keeps no such stat at all: every
 * one is a null stat. Suffixes and regexps beyond the required ones may match some, so they keep them all.
 */
export function keepsUpstreamClusterStats(inclusion: StatsInclusion): boolean {
  // A sidecar's clusters other than xds-grpc are outbound|…, inbound|…, BlackHoleCluster, PassthroughCluster, …
  const onlyXdsGrpc = (p: string) => p.startsWith(XDS_GRPC) || XDS_GRPC.startsWith(p);
  return (
    inclusion.prefixes.some((p) => 'cluster.'.startsWith(p) || (p.startsWith('cluster.') && !onlyXdsGrpc(p))) ||
    inclusion.suffixes.some((s) => !REQUIRED_SUFFIXES.includes(s)) ||
    inclusion.regexps.length > 0
  );
}

function proxyStatsMatcher(proxyConfig: string | undefined): ProxyStatsMatcher | undefined {
  if (!proxyConfig) return undefined;
  try {
    const parsed = parse(proxyConfig) as { proxyStatsMatcher?: ProxyStatsMatcher } | null;
    return parsed?.proxyStatsMatcher ?? undefined;
  } catch {
    return undefined; // the injector would have refused the pod; keep Istio's defaults
  }
}

/** The mesh config's defaultConfig.proxyStatsMatcher (ConfigMap istio-system/istio), if it sets one. */
export function meshStatsMatcher(store: ObjectStore): ProxyStatsMatcher | undefined {
  const mesh = (store.get(GR.configmaps, 'istio-system', 'istio')?.data as Record<string, string> | undefined)?.mesh;
  if (!mesh) return undefined;
  try {
    const parsed = parse(mesh) as { defaultConfig?: { proxyStatsMatcher?: ProxyStatsMatcher } } | null;
    return parsed?.defaultConfig?.proxyStatsMatcher ?? undefined;
  } catch {
    return undefined;
  }
}
