import { z } from 'zod';
import { apiRoute } from './api-route.js';

// The Envoy config of one pod's istio-proxy, read from its admin API (config_dump, clusters, stats) through the
// Kubernetes API's pods/proxy, as tables. Rows are filtered, sorted and paged on the server: a proxy in a mesh of
// 5,000 workloads has thousands of clusters and routes, never sent or rendered whole.

export const ENVOY_SECTIONS = ['clusters', 'listeners', 'routes', 'bootstrap', 'secrets'] as const;
export const envoySection = z.enum(ENVOY_SECTIONS);
export type EnvoySection = z.infer<typeof envoySection>;

const count = z.number().int().nullable(); // null: the proxy does not report it (a stat it does not keep)

export const clusterHost = z.object({
  address: z.string(),
  health: z.string(), // HEALTHY, UNHEALTHY, DRAINING, …, or the failed flags: "failed_outlier_check"
  weight: z.number().nullable(),
  rqTotal: count,
  rqError: count,
  cxActive: count,
});

export const circuitBreakers = z.object({
  maxConnections: z.number().nullable(),
  maxPendingRequests: z.number().nullable(),
  maxRequests: z.number().nullable(),
  maxRetries: z.number().nullable(),
});

export const clusterRow = z.object({
  name: z.string(),
  source: z.enum(['static', 'dynamic']),
  type: z.string(), // EDS, STRICT_DNS, ORIGINAL_DST, STATIC, …
  direction: z.enum(['inbound', 'outbound']).nullable(),
  port: z.number().int().nullable(),
  subset: z.string().nullable(),
  host: z.string().nullable(), // the service FQDN of an Istio cluster name
  tls: z.string(), // "istio mTLS", "TLS", "plaintext", or "auto (istio mTLS or plaintext)"
  endpoints: z.number().int(),
  healthyEndpoints: z.number().int(),
  circuitBreakers: circuitBreakers.nullable(),
  outlierDetection: z.record(z.string(), z.union([z.string(), z.number()])).nullable(),
  counters: z.object({
    rqTotal: count,
    rq5xx: count,
    rqActive: count,
    rqPendingActive: count,
    pendingOverflow: count,
    cxOpen: count, // circuit_breakers.default.cx_open: 1 while the connection limit is hit
    rqOpen: count,
    rqPendingOpen: count,
    retryOpen: count,
    ejectionsActive: count,
    ejectionsTotal: count,
  }),
  hosts: z.array(clusterHost),
});

export const listenerRow = z.object({
  name: z.string(),
  source: z.enum(['static', 'dynamic']),
  address: z.string(),
  port: z.number().int().nullable(),
  direction: z.string().nullable(), // INBOUND, OUTBOUND
  filterChains: z.number().int(),
  filters: z.array(z.string()), // network filters, short names: http_connection_manager, tcp_proxy
  routesTo: z.array(z.string()), // RDS route config names and TCP proxy clusters
});

export const weightedCluster = z.object({ name: z.string(), weight: z.number() });

export const routeRow = z.object({
  routeConfig: z.string(),
  source: z.enum(['static', 'dynamic']),
  virtualHost: z.string(),
  domains: z.array(z.string()),
  name: z.string().nullable(),
  match: z.string(), // "prefix /", "path /login", "regex …", plus headers
  action: z.enum(['cluster', 'weighted', 'header', 'redirect', 'direct', 'none']),
  // The clusters the route sends to with the share of each, in percent of the total weight (one cluster: 100).
  clusters: z.array(weightedCluster),
  timeout: z.string().nullable(),
  retries: z.number().int().nullable(),
  istioConfig: z.string().nullable(), // the VirtualService it came from, as istiod writes in its metadata
});

export const bootstrapRow = z.object({ key: z.string(), value: z.string() });

export const secretRow = z.object({
  name: z.string(), // "default" (the workload certificate), "ROOTCA"
  kind: z.enum(['certificate', 'trust bundle', 'unknown']),
  spiffeId: z.string().nullable(),
  subject: z.string().nullable(),
  issuer: z.string().nullable(),
  serial: z.string().nullable(),
  notBefore: z.string().nullable(), // ISO 8601
  notAfter: z.string().nullable(),
  daysLeft: z.number().int().nullable(),
  chainLength: z.number().int(),
  lastUpdated: z.string().nullable(),
  problem: z.string().nullable(), // why the certificate could not be read (redacted, not PEM)
});

export type ClusterRow = z.infer<typeof clusterRow>;
export type ListenerRow = z.infer<typeof listenerRow>;
export type RouteRow = z.infer<typeof routeRow>;
export type BootstrapRow = z.infer<typeof bootstrapRow>;
export type SecretRow = z.infer<typeof secretRow>;
export type EnvoyRow = ClusterRow | ListenerRow | RouteRow | BootstrapRow | SecretRow;

export const envoySectionQuery = z.object({
  filter: z.string().max(200, 'filter: at most 200 characters').default(''),
  sort: z.string().max(40).optional(),
  order: z.enum(['asc', 'desc']).default('asc'),
  offset: z.coerce.number().int('offset: a whole number').min(0, 'offset: 0 or more').default(0),
  limit: z.coerce.number().int('limit: a whole number').min(1).max(500, 'limit: at most 500 rows a page').default(100),
});
export type EnvoySectionQuery = z.infer<typeof envoySectionQuery>;

const page = {
  pod: z.string(),
  total: z.number().int(), // rows after the filter
  all: z.number().int(), // rows before the filter
  offset: z.number().int(),
  limit: z.number().int(),
  // The raw config behind each row of this page, in the same order (a cluster, a listener, a route, a secret with its
  // private key as Envoy redacts it, a bootstrap value): the JSON is paged with its rows, never sent whole.
  raw: z.array(z.unknown()),
};

export const envoySectionResponse = z.discriminatedUnion('section', [
  z.object({ section: z.literal('clusters'), rows: z.array(clusterRow), ...page }),
  z.object({ section: z.literal('listeners'), rows: z.array(listenerRow), ...page }),
  z.object({ section: z.literal('routes'), rows: z.array(routeRow), ...page }),
  z.object({ section: z.literal('bootstrap'), rows: z.array(bootstrapRow), ...page }),
  z.object({ section: z.literal('secrets'), rows: z.array(secretRow), ...page }),
]);
export type EnvoySectionResponse = z.infer<typeof envoySectionResponse>;
export const envoySectionRoute = apiRoute('/api/namespaces/[ns]/pods/[pod]/envoy/[section]', envoySectionResponse);

/** What one section holds on one pod and not the other, or holds differently (keys are cluster, listener… names). */
export const envoySectionDiff = z.object({
  section: envoySection,
  same: z.number().int(),
  onlyHere: z.array(z.string()),
  onlyThere: z.array(z.string()),
  differing: z.array(z.object({ key: z.string(), paths: z.array(z.string()) })),
});
export const envoyDiffQuery = z.object({ with: z.string().min(1, 'with: the name of the pod to compare with') });
export const envoyDiffResponse = z.object({
  pod: z.string(),
  with: z.string(),
  sections: z.array(envoySectionDiff),
});
export type EnvoyDiffResponse = z.infer<typeof envoyDiffResponse>;
export type EnvoySectionDiff = z.infer<typeof envoySectionDiff>;
export const envoyDiffRoute = apiRoute('/api/namespaces/[ns]/pods/[pod]/envoy/diff', envoyDiffResponse);

/** The read-only admin passthrough: `?path=/stats&port=15000`; anything off the allow-list is refused (403). */
export const envoyAdminQuery = z.object({
  path: z.string().min(1, 'path: an Envoy admin path such as /server_info'),
  port: z.string().default('15000'),
});
export const envoyAdminResponse = z.object({ pod: z.string(), path: z.string(), body: z.string() });
export const envoyAdminRoute = apiRoute('/api/namespaces/[ns]/pods/[pod]/envoy/admin', envoyAdminResponse);
