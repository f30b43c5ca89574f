import { z } from 'zod';
import { health } from './health.js';

// GET /api/graph: the service graph of one, several or all namespaces, built from Istio's standard metrics.

export const graphType = z.enum(['versionedApp', 'app', 'workload', 'service']);
export const latencyStat = z.enum(['p50', 'p95', 'p99', 'mean']);

const durationParam = z
  .string()
  .regex(/^\d+[smhd]$/, 'a duration such as 60s, 10m, 1h or 1d')
  .default('60s');

export const graphQuery = z.object({
  // Comma-separated namespace names; empty or absent means every namespace.
  namespaces: z
    .string()
    .default('')
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'namespace names separated by commas'))),
  graphType: graphType.default('versionedApp'),
  duration: durationParam,
  // Unix seconds the window ends at; absent means now.
  queryTime: z.coerce.number().int().positive().optional(),
  // not z.coerce.boolean(): it reads the string 'false' as true
  injectServiceNodes: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  // Latency statistics to ask Prometheus for (they cost the most); empty = none.
  latency: z
    .string()
    .default('')
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(latencyStat)),
  // Also draw workloads and services that saw no requests in the window.
  includeIdle: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  // Compare with the same window this long before (e.g. 1h): edges then carry `compare`.
  compareOffset: z
    .string()
    .regex(/^\d+[smhd]$/, 'a duration such as 10m or 1h')
    .optional(),
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
]);

/** Requests per second through a node, and the share that failed (0..1). */
const directionTraffic = z.object({
  rps: z.number(),
  errorRatio: z.number(),
  // TCP bytes per second (sent + received).
  bps: z.number(),
});

export const graphNode = z.object({
  id: z.string(),
  nodeType,
  cluster: z.string(),
  namespace: z.string(),
  app: z.string().optional(),
  version: z.string().optional(),
  workload: z.string().optional(),
  service: z.string().optional(),
  // Hosts of a ServiceEntry node, or the host of an unregistered destination.
  hosts: z.array(z.string()).optional(),
  // Traffic generator: outgoing edges and no incoming one (gateways, outside clients).
  isRoot: z.boolean().optional(),
  // In a namespace that was not asked for: drawn as an outsider.
  isOutside: z.boolean().optional(),
  // A service node the builder put between callers and workloads.
  isInjected: z.boolean().optional(),
  hasSidecar: z.boolean(),
  health: health.nullable(),
  badges: z.array(graphBadge),
  traffic: z.object({ inbound: directionTraffic, outbound: directionTraffic }),
});

/** One response code of an edge: its rate and the rate per Envoy response flag ('-' when none). */
const codeRate = z.object({ rps: z.number(), flags: z.record(z.string(), z.number()) });

export const graphEdge = z.object({
  id: z.string(),
  source: z.string(),
  target: z.string(),
  protocol: z.enum(['http', 'grpc', 'tcp']),
  rps: z.number(), // requests/s (HTTP, gRPC) or connections' worth of traffic: 0 for TCP, see bps
  // Share (0..1) of the source node's outbound requests that took this edge.
  share: z.number(),
  errorRatio: z.number(), // 5xx, no response, gRPC status ≠ 0, failure response flags
  http4xxRatio: z.number(),
  http5xxRatio: z.number(),
  p50: z.number().optional(), // ms
  p95: z.number().optional(),
  p99: z.number().optional(),
  mean: z.number().optional(),
  // Share (0..1) of the edge's traffic under mTLS; null when no destination proxy reported it.
  mtlsRatio: z.number().nullable(),
  bps: z.number().optional(), // bytes/s: TCP sent + received, or HTTP request + response bodies
  responseCodes: z.record(z.string(), codeRate),
  // Set with compareOffset: the same edge in the earlier window (null = the edge is new).
  compare: z.object({ rps: z.number(), errorRatio: z.number() }).nullable().optional(),
});

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

export type GraphQuery = z.output<typeof graphQuery>;
export type GraphType = z.infer<typeof graphType>;
export type LatencyStat = z.infer<typeof latencyStat>;
export type GraphNode = z.infer<typeof graphNode>;
export type GraphEdge = z.infer<typeof graphEdge>;
export type GraphBadge = z.infer<typeof graphBadge>;
export type GraphResponse = z.infer<typeof graphResponse>;
