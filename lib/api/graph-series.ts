import { z } from 'zod';
import { durationParam } from '../duration.js';
import { apiRoute } from './api-route.js';

// GET /api/graph/series: the charts of the graph's side panel, one range query set for a node or an edge.

export const graphSeriesQuery = z
  .object({
    // A node id or an edge id exactly as /api/graph returned them.
    node: z.string().optional(),
    edge: z.string().optional(),
    duration: durationParam('60s, 10m, 1h or 1d').default('10m'),
    // Unix seconds the window ends at; absent means now.
    queryTime: z.coerce.number().int().positive().optional(),
  })
  .refine((q) => (q.node === undefined) !== (q.edge === undefined), { message: 'give either node or edge, not both' });

const point = z.tuple([z.number(), z.number()]); // [unix seconds, value]

export const graphSeriesResponse = z.object({
  stepSeconds: z.number(),
  // For a node: its inbound requests (or outbound when it only sends, e.g. a gateway).
  direction: z.enum(['inbound', 'outbound', 'edge']),
  rps: z.array(point),
  errorRatio: z.array(point), // 0..1
  p50: z.array(point), // ms
  p95: z.array(point),
  p99: z.array(point),
  // Requests/s per response code over the window.
  responseCodes: z.record(z.string(), z.number()),
  // TCP bytes/s sent and received (istio_tcp_*_bytes_total), for TCP edges and nodes that speak TCP.
  tcpSent: z.array(point).default([]),
  tcpReceived: z.array(point).default([]),
});

export const graphSeriesRoute = apiRoute('/api/graph/series', graphSeriesResponse);

export type GraphSeriesQuery = z.output<typeof graphSeriesQuery>;
export type GraphSeriesResponse = z.output<typeof graphSeriesResponse>;
