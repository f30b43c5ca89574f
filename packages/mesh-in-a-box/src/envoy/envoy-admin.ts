import type { KubeObject } from '../store/kube-object.js';
import type { ObjectStore } from '../store/object-store.js';
import { adminEndpoint, adminHelpText, adminHomeHtml } from './admin-endpoints.js';
import type { ProxyUpstreamCounters } from '../telemetry/cluster-counters.js';
import { adminStats, histogramSummary, histogramsJson } from './admin-stats.js';
import type { ClusterModel } from './cluster-builder.js';
import { ambientCounters } from './cluster-stats.js';
import { clustersJson, clustersText, type CountersOf } from './clusters-status.js';
import { envoyPrometheus } from './envoy-prometheus.js';
import { compactJson } from './compact-json.js';
import { configDump } from './config-dump.js';
import { listenersJson, listenersText } from './listeners-status.js';
import { ProxyConfig } from './proxy-config.js';
import { cachedResponse } from './response-cache.js';
import { certsJson } from './secrets-dump.js';
import { serverInfo } from './server-info.js';

export interface EnvoyAdminInput {
  store: ObjectStore;
  /** The proxy's pod: a sidecar-injected workload or a gateway (label istio=ingressgateway). */
  pod: KubeObject;
  /** Path and query as sent to port 15000, e.g. '/config_dump?resource=dynamic_active_clusters'. */
  path: string;
  /** GET unless told otherwise; state-changing paths answer 405 to anything but POST, as Envoy does. */
  method?: string;
  /** The request body; read for parameters when the query has none and it is a form (Envoy's AdminFilter::queryParams). */
  body?: string;
  contentType?: string;
  /** The proxy's istio_* metrics in the Prometheus exposition, served on /stats/prometheus after Envoy's own. */
  statsPrometheus?: () => string;
  /** What the proxy's clusters and hosts have counted so far (per-host /clusters counters, cluster /stats). */
  upstream?: ProxyUpstreamCounters;
  /** The counters security moved on this proxy (RBAC, jwt_authn, refused plaintext connections), by stat name. */
  securityStats?: () => { name: string; value: number }[];
  startedAtMs: number;
  nowMs: number;
  meshId?: string;
  /** Istio's CLUSTER_ID; 'Kubernetes' by default. */
  clusterId?: string;
}

export interface EnvoyAdminResponse {
  status: number;
  contentType: string;
  body: string;
}

const TEXT = 'text/plain; charset=UTF-8';
const JSON_TYPE = 'application/json';

// Past this many clusters a dump runs to tens of megabytes and indentation costs as much time as everything else.
const COMPACT_ABOVE_CLUSTERS = 1_000;
// Paths whose answer depends only on the store, the pod and the query: safe to reuse within one store revision.
const CACHEABLE = new Set(['/config_dump', '/clusters', '/listeners']);
const CERT_ROTATION_MS = 12 * 3_600_000;

const text = (status: number, body: string): EnvoyAdminResponse => ({ status, contentType: TEXT, body });
// Envoy pretty-prints admin JSON with one space per level; huge dumps are printed compact instead (same JSON).
const json = (value: unknown, compact = false): EnvoyAdminResponse => ({
  status: 200,
  contentType: JSON_TYPE,
  body: compact ? compactJson(value) : JSON.stringify(value, null, 1),
});

/**
 * Answers an Envoy admin request the way an Istio 1.24 proxy (Envoy 1.32) answers it, computing the proxy's config
 * from the store as istiod would push it to that pod. No I/O and no clock: times come in as arguments. Answers are
 * kept per store revision (see response-cache.ts); the mesh CA's key is generated once per process.
 */
export function envoyAdmin(input: EnvoyAdminInput): EnvoyAdminResponse {
  const question = input.path.indexOf('?');
  const rawPath = question < 0 ? input.path : input.path.slice(0, question);
  const path = rawPath.length > 1 ? rawPath.replace(/\/+$/, '') : rawPath || '/';
  const query = new URLSearchParams(question < 0 ? '' : input.path.slice(question + 1));
  const method = (input.method ?? 'GET').toUpperCase();

  const endpoint = adminEndpoint(path);
  if (!endpoint) return text(404, `invalid path. ${adminHelpText()}`);
  if (endpoint.mutates) {
    // Envoy's AdminImpl::makeRequest (source/server/admin/admin.cc) answers this to any other method.
    if (method !== 'POST') return text(405, `Method ${method} not allowed, POST required.`);
    return mutation(path, adminParams(query, input), input.upstream);
  }

  return cachedResponse(input.store, cacheKey(input, path), () => answer(input, path, query));
}

/**
 * Identifies an answer that can be reused until the store changes. Not while the proxy is still receiving its first
 * push (its config time moves with the clock); the certificate rotation period is part of the key.
 */
function cacheKey(input: EnvoyAdminInput, path: string): string | undefined {
  if (!CACHEABLE.has(path) || input.nowMs - input.startedAtMs < 2_000) return undefined;
  const { metadata } = input.pod;
  const rotation = Math.floor((input.nowMs - input.startedAtMs) / CERT_ROTATION_MS);
  return [
    metadata.uid ?? `${metadata.namespace}/${metadata.name}`,
    metadata.resourceVersion,
    input.path,
    input.startedAtMs,
    input.meshId,
    input.clusterId,
    rotation,
    input.upstream?.revision ?? 0, // counters move with traffic, the config with the store
    // While a host is ejected, its health flag changes with the clock alone.
    input.upstream && input.nowMs < input.upstream.ejectedUntilMs ? input.nowMs : '-',
  ].join('|');
}

function answer(input: EnvoyAdminInput, path: string, query: URLSearchParams): EnvoyAdminResponse {
  const proxy = new ProxyConfig(input);
  const countersOf: CountersOf = (cluster: ClusterModel) =>
    input.upstream?.clusters.get(cluster.name) ?? ambientCounters(cluster);
  const asJson = query.get('format') === 'json';
  switch (path) {
    case '/':
      return { status: 200, contentType: 'text/html; charset=UTF-8', body: adminHomeHtml() };
    case '/help':
      return text(200, adminHelpText());
    case '/ready':
      return text(200, 'LIVE\n');
    case '/server_info':
      return json(serverInfo({ identity: proxy.identity, startedAtMs: input.startedAtMs, nowMs: input.nowMs }));
    case '/hot_restart_version':
      return text(200, 'disabled\n');
    case '/config_dump': {
      const result = configDump(proxy, {
        resource: query.get('resource') ?? undefined,
        mask: query.get('mask') ?? undefined,
        nameRegex: query.get('name_regex') ?? undefined,
        includeEds: query.has('include_eds'),
      });
      if (result.status !== 200) return text(result.status, result.text);
      return json(result.json, proxy.clusters.dynamics.length > COMPACT_ABOVE_CLUSTERS);
    }
    case '/clusters': {
      const clusters = [...proxy.clusters.statics, ...proxy.clusters.dynamics];
      return asJson
        ? json(clustersJson(clusters, countersOf, input.nowMs), clusters.length > COMPACT_ABOVE_CLUSTERS)
        : text(200, clustersText(clusters, countersOf, input.nowMs));
    }
    case '/listeners': {
      const listeners = [...proxy.listeners.statics, ...proxy.listeners.dynamics];
      return asJson ? json(listenersJson(listeners)) : text(200, listenersText(listeners));
    }
    case '/certs':
      return json(certsJson(proxy));
    case '/stats':
      return stats(adminStats({ proxy, countersOf, extra: input.securityStats?.() }), query);
    case '/stats/prometheus': {
      const own = adminStats({ proxy, countersOf, extra: input.securityStats?.() });
      const body = envoyPrometheus(own.stats, own.histograms) + (input.statsPrometheus?.() ?? '');
      return { status: 200, contentType: 'text/plain; version=0.0.4', body };
    }
    case '/runtime':
      return json({ entries: {}, layers: ['global config', 'admin'] });
    case '/memory':
      return json({
        allocated: '31457280',
        heap_size: '50331648',
        pageheap_unmapped: '0',
        pageheap_free: '4194304',
        total_thread_cache: '2097152',
        total_physical_bytes: '54525952',
      });
    case '/init_dump':
      return json({});
    default:
      return text(200, ''); // profiling and lookup-tracing pages: nothing to report in a simulated proxy
  }
}

/** The query's parameters, or a form body's when the query has none, as Envoy's AdminFilter::queryParams reads them. */
function adminParams(query: URLSearchParams, input: EnvoyAdminInput): URLSearchParams {
  if (query.size > 0 || input.body === undefined) return query;
  // Envoy compares the whole header: a form sent with "; charset=…" is not read.
  return input.contentType === 'application/x-www-form-urlencoded' ? new URLSearchParams(input.body) : query;
}

// /reset_counters zeroes the traffic counters the proxy keeps (Envoy's AdminImpl::handlerResetCounters resets every
// counter); the rest are accepted, but the simulated proxy keeps no state for them to change. Only /runtime_modify
// checks its input, as Envoy's RuntimeHandler::handlerRuntimeModify does (source/server/admin/runtime_handler.cc).
function mutation(path: string, params: URLSearchParams, upstream?: ProxyUpstreamCounters): EnvoyAdminResponse {
  if (path === '/reset_counters') upstream?.resetCounters();
  if (path === '/runtime_modify' && params.size === 0) {
    return text(
      400,
      'usage: /runtime_modify?key1=value1&key2=value2&keyN=valueN\n' +
        '       or send the parameters as form values\n' +
        'use an empty value to remove a previously added override',
    );
  }
  return text(200, 'OK\n');
}

/** /stats: ?filter (a partial regex match on the name), ?usedonly (only stats that moved), ?format=json. */
function stats(all: ReturnType<typeof adminStats>, query: URLSearchParams): EnvoyAdminResponse {
  let filter: RegExp | undefined;
  const raw = query.get('filter');
  if (raw) {
    try {
      filter = new RegExp(raw);
    } catch {
      return text(400, `Invalid re2 regex`);
    }
  }
  const usedOnly = query.has('usedonly');
  const keep = (name: string) => !filter || filter.test(name);
  const rows = all.stats.filter((s) => keep(s.name) && (!usedOnly || s.value !== 0));
  const histograms = all.histograms.filter((h) => keep(h.name));
  if (query.get('format') === 'json') {
    return json({ stats: histograms.length > 0 ? [...rows, histogramsJson(histograms)] : rows });
  }
  // Counters and gauges by name, then the histograms by name, as Envoy streams them.
  const lines = rows.map((s) => `${s.name}: ${s.value}\n`);
  for (const h of histograms) lines.push(`${h.name}: ${histogramSummary(h)}\n`);
  return text(200, lines.join(''));
}
