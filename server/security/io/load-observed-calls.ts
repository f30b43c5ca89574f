// The calls some workloads of one namespace received in a window: one Prometheus query for all of them (a union in
// the selector, never one query per workload), and their sidecars' access logs (bounded: the last LOG_TAIL_LINES
// lines of the window, at most MAX_PODS pods; through the logged-calls cache, so that a call reads only the lines
// written since the last) for what the metrics cannot say: the operation, callers without a sidecar, and who refused
// a 401/403. Either source failing leaves the other's part, with the reason.
import { SourceError } from '../../errors.js';
import type { WorkloadModel } from '../../mesh/build-workloads.js';
import { namespaceWorkloads } from '../../mesh/namespace-workloads.js';
import { promString } from '../../sources/prometheus.js';
import type { Sources } from '../../sources/sources.js';
import { loadAccessLogParser } from '../../telemetry/io/load-access-log-parser.js';
import { callsFromFacts, type LogCall, type PodIdentity } from '../log-calls.js';
import { createFactReader } from '../log-fact-reader.js';
import { forgetPods, type LoggedCallsCache } from '../logged-calls-cache.js';
import { readLoggedFacts } from './read-logged-facts.js';
import {
  CALL_LABELS,
  GATEWAY_CALL_LABELS,
  callsFromSamples,
  gatewayCallsFromSamples,
  type DenialEvidence,
  type MetricCall,
} from '../observed-calls.js';

const PROXY = 'istio-proxy';
/** Pods whose logs are read per request, across the workloads (a workload of 50 replicas is sampled). */
const MAX_PODS = 6;

export interface ObservedCalls {
  metricCalls: MetricCall[] | null;
  metricsError?: string;
  logged: { calls: LogCall[]; evidence: DenialEvidence[] } | null;
  logsError?: string;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\\\$&');

/** Requests into the workloads over the window, per caller × mTLS × code, from the server sidecars' reports. */
export function observedCallsQuery(namespace: string, workloads: readonly string[], windowSeconds: number): string {
  const names = workloads.map(escapeRegex).join('|');
  return (
    `sum by (${CALL_LABELS.join(',')}) (increase(istio_requests_total{reporter="destination",` +
    `destination_workload_namespace=${promString(namespace)},destination_workload=~"${names}"}[${windowSeconds}s]))`
  );
}

/** What gateways forwarded over the window: they report only as the source (see gatewayCallsFromSamples). */
export function gatewayCallsQuery(namespace: string, gateways: readonly string[], windowSeconds: number): string {
  const names = gateways.map(escapeRegex).join('|');
  return (
    `sum by (${GATEWAY_CALL_LABELS.join(',')}) (increase(istio_requests_total{reporter="source",` +
    `source_workload_namespace=${promString(namespace)},source_workload=~"${names}"}[${windowSeconds}s]))`
  );
}

async function metricCalls(
  sources: Sources,
  namespace: string,
  workloads: readonly WorkloadModel[],
  windowSeconds: number,
  atMs: number,
  signal?: AbortSignal,
): Promise<Pick<ObservedCalls, 'metricCalls' | 'metricsError'>> {
  if (!sources.prometheus)
    return { metricCalls: null, metricsError: 'Prometheus is not configured (set PROMETHEUS_URL)' };
  const prometheus = sources.prometheus;
  const sidecars = workloads.filter((w) => !w.isGateway).map((w) => w.name);
  const gateways = workloads.filter((w) => w.isGateway).map((w) => w.name);
  try {
    // One query for the sidecars' workloads, one for the gateways', whatever their number.
    const [fromSidecars, fromGateways] = await Promise.all([
      sidecars.length === 0
        ? []
        : prometheus
            .instant(observedCallsQuery(namespace, sidecars, windowSeconds), { atMs, signal })
            .then(callsFromSamples),
      gateways.length === 0
        ? []
        : prometheus
            .instant(gatewayCallsQuery(namespace, gateways, windowSeconds), { atMs, signal })
            .then(gatewayCallsFromSamples),
    ]);
    return { metricCalls: [...fromSidecars, ...fromGateways] };
  } catch (err) {
    if (err instanceof SourceError) return { metricCalls: null, metricsError: err.message };
    throw err;
  }
}

/** Pod IP → who runs there, for the IPs asked: one pass over the cached pods, workloads only of their namespaces. */
function identities(sources: Sources, ips: ReadonlySet<string>): Map<string, PodIdentity> {
  const found = new Map<string, { namespace: string; pod: string; sa: string; sidecar: boolean }>();
  if (ips.size === 0) return new Map();
  for (const pod of sources.kubernetes.list('Pod')) {
    const ip = (pod.status as { podIP?: string } | undefined)?.podIP;
    if (!ip || !ips.has(ip) || pod.metadata.deletionTimestamp) continue;
    const spec = pod.spec as { serviceAccountName?: string; containers?: { name?: string }[] } | undefined;
    found.set(ip, {
      namespace: pod.metadata.namespace ?? '',
      pod: pod.metadata.name,
      sa: spec?.serviceAccountName ?? 'default',
      sidecar: spec?.containers?.some((c) => c.name === PROXY) ?? false,
    });
  }
  const workloadOfPod = new Map<string, string>();
  for (const ns of new Set([...found.values()].map((f) => f.namespace)))
    for (const w of namespaceWorkloads(sources.kubernetes, ns))
      for (const p of w.pods) workloadOfPod.set(`${ns}/${p.name}`, w.name);
  const out = new Map<string, PodIdentity>();
  for (const [ip, f] of found)
    out.set(ip, {
      namespace: f.namespace,
      workload: workloadOfPod.get(`${f.namespace}/${f.pod}`) ?? f.pod,
      serviceAccount: f.sa,
      hasSidecar: f.sidecar,
    });
  return out;
}

async function loggedCalls(
  sources: Sources,
  cache: LoggedCallsCache,
  namespace: string,
  workloads: readonly WorkloadModel[],
  windowSeconds: number,
  atMs: number,
  trustDomain: string,
  signal?: AbortSignal,
): Promise<Pick<ObservedCalls, 'logged' | 'logsError'>> {
  // The pods the cache holds that the watch cache no longer has are forgotten.
  forgetPods(cache, (key) => {
    const [ns, pod] = key.split('/');
    const object = sources.kubernetes.get('Pod', ns!, pod!);
    return !object || Boolean(object.metadata.deletionTimestamp);
  });
  const targets = workloads
    .flatMap((w) =>
      w.pods
        .filter((p) => p.hasSidecar && p.phase === 'Running')
        .map((p) => ({ workload: w.name, namespace, pod: p.name, gateway: w.isGateway })),
    )
    .slice(0, MAX_PODS);
  if (targets.length === 0) return { logged: { calls: [], evidence: [] } };
  const sinceMs = atMs - windowSeconds * 1000;
  try {
    const readFact = createFactReader(await loadAccessLogParser(sources, signal));
    const perPod = await Promise.all(
      targets.map(async (t) => ({ ...t, facts: await readLoggedFacts(sources, cache, t, sinceMs, readFact, signal) })),
    );
    const ips = new Set<string>();
    for (const p of perPod) for (const f of p.facts) if (f.remoteIp !== null) ips.add(f.remoteIp);
    const podsByIp = identities(sources, ips);
    const calls: LogCall[] = [];
    const evidence: DenialEvidence[] = [];
    for (const p of perPod) {
      const destination = { workload: p.workload, namespace };
      const r = callsFromFacts({ destination, facts: p.facts, podsByIp, trustDomain });
      calls.push(...r.calls);
      evidence.push(...r.evidence);
    }
    return { logged: { calls, evidence } };
  } catch (err) {
    if (err instanceof SourceError) return { logged: null, logsError: `access logs unreadable: ${err.message}` };
    throw err;
  }
}

export async function loadObservedCalls(
  sources: Sources,
  input: {
    namespace: string;
    workloads: readonly WorkloadModel[];
    windowSeconds: number;
    atMs: number;
    trustDomain: string;
    /** The process's logged-calls cache (server/caches.ts): only the lines written since the last call are read. */
    logCache: LoggedCallsCache;
  },
  signal?: AbortSignal,
): Promise<ObservedCalls> {
  const { namespace, workloads, windowSeconds, atMs, trustDomain, logCache } = input;
  const [metrics, logs] = await Promise.all([
    metricCalls(sources, namespace, workloads, windowSeconds, atMs, signal),
    loggedCalls(sources, logCache, namespace, workloads, windowSeconds, atMs, trustDomain, signal),
  ]);
  return { ...metrics, ...logs };
}
