import { z } from 'zod';
import { apiRoute } from './api-route.js';

// The traces of an app, workload or service and one trace, as issue 17 defines them: the console's own shape, the
// same whether Jaeger's query API or Tempo's API answered (server/telemetry turns both into it).

/** A trace id as Jaeger and Tempo write it: 1 to 32 hex digits. */
export const traceIdParam = z
  .string()
  .regex(/^[0-9a-fA-F]{1,32}$/, 'a trace id is 1 to 32 hexadecimal digits (0-9, a-f), as Jaeger and Tempo write it');

const microseconds = z.coerce.number().int().nonnegative();

export const entityTracesQuery = z.object({
  // Unix microseconds, as Jaeger's API takes them; absent: the page's window up to now.
  start: microseconds.optional(),
  end: microseconds.optional(),
  limit: z.coerce.number().int().min(1).max(1500).default(100),
  // Go durations as Jaeger takes them (100ms, 1.5s).
  minDuration: z.string().optional(),
  maxDuration: z.string().optional(),
  operation: z.string().optional(),
  // Jaeger's tags parameter: a JSON object of tag → value, e.g. {"http.status_code":"500"}.
  tags: z.string().optional(),
  error: z.enum(['true', 'false']).optional(),
});

export const span = z.object({
  spanId: z.string(),
  parentId: z.string().nullable(),
  service: z.string(),
  operation: z.string(),
  startTime: z.number(), // unix µs
  duration: z.number(), // µs
  // The pod whose proxy wrote the span (node_id / hostname), null when the span does not say.
  pod: z.string().nullable(),
  namespace: z.string().nullable().default(null),
  // The x-request-id the span carries (tag guid:x-request-id): the key to the access-log lines.
  requestId: z.string().nullable(),
  error: z.boolean().default(false),
  tags: z.record(z.string(), z.string()),
});

export const trace = z.object({
  traceId: z.string(),
  startTime: z.number(), // unix µs of the earliest span
  duration: z.number(), // µs from the first span's start to the last span's end
  error: z.boolean(),
  services: z.array(z.string()),
  spans: z.array(span),
});

export const entityTracesResponse = z.object({ traces: z.array(trace) });

export const appTracesRoute = apiRoute('/api/namespaces/[ns]/apps/[name]/traces', entityTracesResponse);
export const workloadTracesRoute = apiRoute('/api/namespaces/[ns]/workloads/[name]/traces', entityTracesResponse);
export const serviceTracesRoute = apiRoute('/api/namespaces/[ns]/services/[name]/traces', entityTracesResponse);
export const traceRoute = apiRoute('/api/traces/[traceId]', trace);

export type Span = z.output<typeof span>;
export type Trace = z.output<typeof trace>;
export type EntityTracesQuery = z.output<typeof entityTracesQuery>;
export type EntityTracesResponse = z.output<typeof entityTracesResponse>;
