// The calls some workloads of one namespace received in a window: one Prometheus query for all of them (a union in
// the selector, never one query per workload), and their sidecars' access logs (bounded: the last LOG_TAIL_LINES
// lines of the window, at most MAX_PODS pods) for what the metrics cannot say: the operation, callers without a
// sidecar, and who refused a 401/403. Either source failing leaves the other's part, with the reason.
import { NotFoundError, SourceError } from '../../errors.js';
import type { WorkloadModel } from '../../mesh/build-workloads.js';
import { namespaceWorkloads } from '../../mesh/namespace-workloads.js';
import { promString } from '../../sources/prometheus.js';
import type { Sources } from '../../sources/sources.js';
import { splitLog } from '../../logs/page-pod-log.js';
import { loadAccessLogParser } from '../../telemetry/io/load-access-log-parser.js';
import type { AccessLogFields } from '../../../lib/api/logs.js';
import { logCalls, type LogCall, type PodIdentity } from '../log-calls.js';
import {
  CALL_LABELS,
  GATEWAY_CALL_LABELS,
  callsFromSamples,
  gatewayCallsFromSamples,
  type DenialEvidence,
  type MetricCall,
} from '../observed-calls.js';

const PROXY = 'istio-proxy';
/** Per pod: the last lines of the window; an hour of a busy pod is cut to its newest lines. */
const LOG_TAIL_LINES = 20_000;
const LOG_LIMIT_BYTES = 8 * 1024 * 1024;
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

const remoteIp = (f: AccessLogFields) => {
  const address = f.all['DOWNSTREAM_REMOTE_ADDRESS'] ?? f.all['downstream_remote_address'];
  return address && address !== '-' ? address.replace(/^\[?([^\]]*?)\]?:\d+$/, '$1') : null;
};

async function loggedCalls(
  sources: Sources,
  namespace: string,
  workloads: readonly WorkloadModel[],
  windowSeconds: number,
  atMs: number,
  trustDomain: string,
  signal?: AbortSignal,
): Promise<Pick<ObservedCalls, 'logged' | 'logsError'>> {
  const targets = workloads
    .flatMap((w) =>
      w.pods
        .filter((p) => p.hasSidecar && p.phase === 'Running')
        .map((p) => ({ workload: w.name, pod: p.name, gateway: w.isGateway })),
    )
    .slice(0, MAX_PODS);
  if (targets.length === 0) return { logged: { calls: [], evidence: [] } };
  const sinceTime = `${new Date(atMs - windowSeconds * 1000).toISOString().slice(0, 19)}Z`;
  try {
    const parser = await loadAccessLogParser(sources, signal);
    const perPod = await Promise.all(
      targets.map(async (t) => {
        let body = '';
        try {
          body = await sources.kubernetes.podLog(
            {
              namespace,
              pod: t.pod,
              container: PROXY,
              sinceTime,
              tailLines: LOG_TAIL_LINES,
              limitBytes: LOG_LIMIT_BYTES,
            },
            { signal },
          );
        } catch (err) {
          if (!(err instanceof NotFoundError)) throw err; // a pod gone meanwhile has nothing to say
        }
        const lines: AccessLogFields[] = [];
        // A log the API server cut at limitBytes ends inside a line, which splitLog drops.
        for (const { text } of splitLog(body, Buffer.byteLength(body) >= LOG_LIMIT_BYTES)) {
          // Only the server side's lines (a gateway's are all its own); a cheap test before parsing.
          if (!t.gateway && !text.includes('inbound|')) continue;
          const fields = parser.parse(text);
          if (fields) lines.push(fields);
        }
        return { workload: t.workload, gateway: t.gateway, lines };
      }),
    );
    const ips = new Set(perPod.flatMap((p) => p.lines.map(remoteIp)).filter((ip): ip is string => ip !== null));
    const podsByIp = identities(sources, ips);
    const calls: LogCall[] = [];
    const evidence: DenialEvidence[] = [];
    for (const p of perPod) {
      const destination = { workload: p.workload, namespace };
      const r = logCalls({ destination, lines: p.lines, podsByIp, trustDomain, gateway: p.gateway });
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
  },
  signal?: AbortSignal,
): Promise<ObservedCalls> {
  const { namespace, workloads, windowSeconds, atMs, trustDomain } = input;
  const [metrics, logs] = await Promise.all([
    metricCalls(sources, namespace, workloads, windowSeconds, atMs, signal),
    loggedCalls(sources, namespace, workloads, windowSeconds, atMs, trustDomain, signal),
  ]);
  return { ...metrics, ...logs };
}
