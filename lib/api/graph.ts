import { z } from 'zod';
import { durationParam } from '../duration.js';
import { namespaceName } from '../kube-names.js';
import { apiRoute } from './api-route.js';
import { health } from './health.js';

// GET /api/graph: the service graph of one, several or all namespaces, built from Istio's standard metrics.

export const graphType = z.enum(['versionedApp', 'app', 'workload', 'service']);
export const latencyStat = z.enum(['p50', 'p95', 'p99', 'mean']);

// not z.coerce.boolean(): it reads the string 'false' as true
const flag = (byDefault: 'true' | 'false') =>
  z
    .enum(['true', 'false'])
    .default(byDefault)
    .transform((v) => v === 'true');

/** A comma-separated list ("a,b"); absent or empty is the empty list. */
const commaList = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .string()
    .default('')
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(item));

export const graphQuery = z.object({
  // Comma-separated namespace names; empty or absent means every namespace.
  namespaces: commaList(namespaceName),
  graphType: graphType.default('versionedApp'),
  duration: durationParam('60s, 10m, 1h or 1d').default('60s'),
  // Unix seconds the window ends at; absent means now.
  queryTime: z.coerce.number().int().positive().optional(),
  injectServiceNodes: flag('true'),
  // Kiali's operation nodes: one node per request_operation (set by an Istio Telemetry tagOverride) and service,
  // between the callers and the service.
  operationNodes: flag('false'),
  // Latency statistics to ask Prometheus for (they cost the most); empty = none.
  latency: commaList(latencyStat),
  // Also draw workloads and services that saw no requests in the window.
  includeIdle: flag('false'),
  // Compare with the same window this long before (e.g. 1h): edges then carry `compare`.
  compareOffset: durationParam('10m or 1h').optional(),
});

export const nodeType = z.enum(['app', 'workload', 'service', 'serviceEntry', 'unknown', 'aggregate']);

export const graphBadge = z.enum([
  'missing-sidecar',
  'virtual-service',
  'circuit-breaker',
  'fault-injection',
  'mirroring',
  'request-timeout',
  'traffic-shifting',
  'gateway',
  'dead',
  'idle',
  'passthrough',
  'blackhole',
  'config-error', // Istio Config validation finds errors in what configures the node
  'config-warning',
]);

// Fields with a default may be left out of the JSON when they hold it (a 5,000-workload graph is mostly zeros and
// trues); parsing with these schemas puts them back, so readers always see every field.

/** Requests per second through a node, and the share that failed (0..1). */
const directionTraffic = z
  .object({
    rps: z.number().default(0),
    errorRatio: z.number().default(0),
    // TCP bytes per second (sent + received).
    bps: z.number().default(0),
  })
  .default({ rps: 0, errorRatio: 0, bps: 0 });

// Istio's cluster id of a single-cluster mesh.
export const DEFAULT_CLUSTER = 'Kubernetes';

export const graphNode = z.object({
  id: z.string(),
  nodeType,
  cluster: z.string().default(DEFAULT_CLUSTER),
  namespace: z.string(),
  app: z.string().optional(),
  version: z.string().optional(),
  workload: z.string().optional(),
  service: z.string().optional(),
  // Operation nodes (nodeType 'aggregate', as Kiali): the label that groups them and its value, e.g.
  // 'request_operation' and '/synthetic.CartApi/Get'. `service` names the service the operation was asked of.
  aggregate: z.string().optional(),
  aggregateValue: z.string().optional(),
  // Hosts of a ServiceEntry node, or the host of an unregistered destination.
  hosts: z.array(z.string()).optional(),
  // Traffic generator: outgoing edges and no incoming one (gateways, outside clients).
  isRoot: z.boolean().optional(),
  // In a namespace that was not asked for: drawn as an outsider.
  isOutside: z.boolean().optional(),
  // A service node the builder put between callers and workloads.
  isInjected: z.boolean().optional(),
  hasSidecar: z.boolean().default(true),
  // Kiali's health; its `requests` figures are left out here (see traffic).
  health: health.nullable(),
  badges: z.array(graphBadge).default([]),
  // Validation findings of the config that touches the node (its services' VirtualServices, DestinationRules, …).
  validation: z.object({ errors: z.number().int(), warnings: z.number().int() }).optional(),
  traffic: z
    .object({ inbound: directionTraffic, outbound: directionTraffic })
    .default({ inbound: { rps: 0, errorRatio: 0, bps: 0 }, outbound: { rps: 0, errorRatio: 0, bps: 0 } }),
});

/**
 * One response code of an edge: its rate and the rate per Envoy response flag ('-' when none). On the wire a bare
 * number stands for a code that carried no flag.
 */
const codeRate = z.union([
  z.object({ rps: z.number(), flags: z.record(z.string(), z.number()) }),
  z.number().transform((rps) => ({ rps, flags: { '-': rps } })),
]);

export const edgeTls = z.enum(['mutual', 'plaintext', 'mixed', 'no-sidecar', 'unknown']);

/**
 * What refused some of an edge's requests: a DENY policy's rule (namespace, name, rule index), no ALLOW policy matching
 * (the log does not say which policies were tried), or the JWT filter with its reason.
 */
export const deniedCause = z.object({
  kind: z.enum(['deny-rule', 'no-allow', 'jwt']),
  namespace: z.string().optional(),
  name: z.string().optional(),
  rule: z.number().int().optional(),
  reason: z.string().optional(),
  rps: z.number(),
});

export const edgeDenied = z.object({
  rbac: z.number(), // rps refused by an AuthorizationPolicy (403)
  jwt: z.number(), // rps refused by a RequestAuthentication (401, or 403 for audiences)
  causes: z.array(deniedCause),
});

/** An edge's id when the JSON leaves it out: it is always its ends and protocol. */
export const edgeId = (source: string, target: string, protocol: string) => `${source}>${target}>${protocol}`;

const edgeFields = z.object({
  id: z.string().optional(),
  source: z.string(),
  target: z.string(),
  protocol: z.enum(['http', 'grpc', 'tcp']).default('http'),
  rps: z.number(), // requests/s (HTTP, gRPC) or connections' worth of traffic: 0 for TCP, see bps
  // Share (0..1) of the source node's outbound requests that took this edge.
  share: z.number().default(1),
  errorRatio: z.number().default(0), // 5xx, no response, gRPC status ≠ 0, failure response flags
  http4xxRatio: z.number().default(0),
  http5xxRatio: z.number().default(0),
  p50: z.number().optional(), // ms
  p95: z.number().optional(),
  p99: z.number().optional(),
  mean: z.number().optional(),
  // Share (0..1) of the edge's traffic under mTLS; null when no destination proxy reported it.
  mtlsRatio: z.number().nullable().default(1),
  // How the servers received it: mutual TLS; plaintext a server's sidecar accepted (PERMISSIVE or DISABLE); both;
  // plaintext to a workload without a sidecar (nothing to enforce a mode); or unknown (no server proxy reported it).
  tls: edgeTls.default('mutual'),
  // Requests the mesh's security refused (rps), as far as the refusing proxy's access log confirms (see
  // server/graph/denial-evidence.ts): absent when none. Also counted in responseCodes and http4xxRatio, as Kiali does.
  denied: edgeDenied.optional(),
  bps: z.number().optional(), // bytes/s: TCP sent + received, or HTTP request + response bodies
  responseCodes: z.record(z.string(), codeRate),
  // Set with compareOffset: the same edge in the earlier window (null = the edge is new).
  compare: z.object({ rps: z.number(), errorRatio: z.number() }).nullable().optional(),
});

export const graphEdge = edgeFields.transform((e) => ({ ...e, id: e.id ?? edgeId(e.source, e.target, e.protocol) }));

export const graphResponse = z.object({
  timestamp: z.number(), // unix seconds the window ends at
  duration: z.string(),
  graphType,
  namespaces: z.array(z.string()),
  nodes: z.array(graphNode),
  edges: z.array(graphEdge),
  // Edges of the comparison window that no longer carry traffic.
  removedEdges: z
    .array(z.object({ id: z.string(), source: z.string(), target: z.string(), rps: z.number() }))
    .optional(),
  // How many Prometheus queries this graph cost.
  queries: z.number().int(),
  // Why the graph is empty, in words ("no requests in the last 1m in namespace demo").
  message: z.string().optional(),
  // Prometheus failed: the topology is from Kubernetes only.
  metricsError: z.string().optional(),
});

export const graphRoute = apiRoute('/api/graph', graphResponse);

export type GraphQuery = z.output<typeof graphQuery>;
export type GraphType = z.infer<typeof graphType>;
export type LatencyStat = z.infer<typeof latencyStat>;
export type GraphNode = z.output<typeof graphNode>;
export type GraphEdge = z.output<typeof graphEdge>;
export type GraphBadge = z.infer<typeof graphBadge>;
export type GraphResponse = z.output<typeof graphResponse>;
export type EdgeTls = z.infer<typeof edgeTls>;
export type EdgeDenied = z.output<typeof edgeDenied>;
