import { z } from 'zod';
import { durationParam } from '../duration.js';
import { apiRoute } from './api-route.js';
import { graphEdge, graphNode, graphType } from './graph.js';

// GET /api/namespaces/{ns}/{apps|workloads|services}/{name}/traffic: one hop of the graph around the entity, its
// inbound and outbound edges as /api/graph draws them (same fields, same figures for the same window).

export const entityTrafficQuery = z.object({
  duration: durationParam('60s, 10m, 1h or 1d').default('60s'),
  // Unix seconds the window ends at; absent means now.
  queryTime: z.coerce.number().int().positive().optional(),
});

export const entityTrafficResponse = z.object({
  timestamp: z.number(), // unix seconds the window ends at
  duration: z.string(),
  // The graph these edges are cut from: open /api/graph (and the graph page) with these to find the same edges.
  graphType,
  injectServiceNodes: z.boolean(),
  // The entity's own node ids (an app or workload reached in two clusters is two nodes).
  entityNodes: z.array(z.string()),
  // The entity's nodes and its peers. A peer's health and totals count only its traffic with the entity; the edges'
  // figures are whole, except an inbound edge's `share`, which is of the caller's traffic to the entity alone.
  nodes: z.array(graphNode),
  inbound: z.array(graphEdge),
  outbound: z.array(graphEdge),
  // How many Prometheus queries this cost.
  queries: z.number().int(),
  // Prometheus failed or is not configured: no edges, and why.
  metricsError: z.string().optional(),
});

// One route per kind of entity, as Next's folders have them; one contract for the three.
export const appTrafficRoute = apiRoute('/api/namespaces/[ns]/apps/[name]/traffic', entityTrafficResponse);
export const workloadTrafficRoute = apiRoute('/api/namespaces/[ns]/workloads/[name]/traffic', entityTrafficResponse);
export const serviceTrafficRoute = apiRoute('/api/namespaces/[ns]/services/[name]/traffic', entityTrafficResponse);
export const TRAFFIC_ROUTES = {
  apps: appTrafficRoute,
  workloads: workloadTrafficRoute,
  services: serviceTrafficRoute,
} as const;

export type EntityTrafficQuery = z.output<typeof entityTrafficQuery>;
export type EntityTrafficResponse = z.output<typeof entityTrafficResponse>;
