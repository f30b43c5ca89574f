import { z } from 'zod';
import { durationParam } from '../duration.js';
import { apiRoute } from './api-route.js';

// GET /api/graph/network-time?edge=<edge id>&duration=10m: one edge's network time from the traces of the window
// (the caller's outbound span less the callee's inbound spans under it), asked for when a person selects the edge
// rather than computed for every edge of every graph.

export const networkTimeQuery = z.object({
  // An edge id as /api/graph writes it: <source node id>><target node id>><protocol>.
  edge: z
    .string({ error: 'edge is required: an edge id as /api/graph gives it (source>target>protocol)' })
    .regex(
      /^[^>]+>[^>]+>(http|grpc|tcp)$/,
      'an edge id as /api/graph gives it: <source node>><target node>><protocol>',
    ),
  duration: durationParam('60s, 10m or 1h').default('10m'),
});

export const networkTimeResponse = z.object({
  edge: z.string(),
  /** Traces read, and how many had a request on the edge. */
  tracesRead: z.number().int(),
  traces: z.number().int(),
  samples: z.number().int(),
  medianMs: z.number().nullable(),
  p95Ms: z.number().nullable(),
  // Why there is no figure: Jaeger down or not configured, an end traces cannot name, a TCP edge.
  note: z.string().optional(),
});

export const networkTimeRoute = apiRoute('/api/graph/network-time', networkTimeResponse);

export type NetworkTimeQuery = z.output<typeof networkTimeQuery>;
export type NetworkTimeResponse = z.output<typeof networkTimeResponse>;
