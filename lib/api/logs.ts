import { z } from 'zod';
import { apiRoute } from './api-route.js';

// A pod's log lines and a trace's access-log lines, as issue 17 defines them.

/** The fields of a parsed access-log line (Istio's TEXT or JSON format, or the mesh's own accessLogFormat). */
export const accessLogFields = z.object({
  startTime: z.string().nullable(),
  method: z.string().nullable(),
  path: z.string().nullable(),
  protocol: z.string().nullable(),
  responseCode: z.number().nullable(),
  responseFlags: z.array(z.string()), // short codes; [] for "-"
  durationMs: z.number().nullable(),
  upstreamCluster: z.string().nullable(),
  upstreamHost: z.string().nullable(),
  requestId: z.string().nullable(),
  traceId: z.string().nullable(),
  authority: z.string().nullable(),
  // Everything the format names, by its own key, as written in the line (for the columns the table does not have).
  all: z.record(z.string(), z.string()),
});

export const podLogsQuery = z.object({
  container: z.string().optional(),
  // RFC 3339, as the Kubernetes API takes it.
  sinceTime: z.string().optional(),
  tailLines: z.coerce.number().int().min(1).max(10_000).default(500),
  // Paging backwards: only lines older than this RFC 3339 time (the oldest line of the page shown).
  before: z.string().optional(),
  filter: z.string().optional(),
});

export const logLine = z.object({
  time: z.string().nullable(), // RFC 3339 with nanoseconds, the kubelet's timestamp
  raw: z.string(),
  // Present when the line is an access-log line the parser read.
  fields: accessLogFields.optional(),
});

export const podLogsResponse = z.object({
  lines: z.array(logLine),
  // Older lines exist before the first one returned.
  more: z.boolean(),
  // The container read: the one asked for, else the application's the server chose (the merged view labels by it).
  container: z.string().optional(),
});

export const traceLogLine = z.object({
  namespace: z.string(),
  pod: z.string(),
  container: z.string(),
  time: z.string().nullable(),
  requestId: z.string(),
  traceId: z.string().optional(),
  raw: z.string(),
  fields: accessLogFields,
});

export const traceLogsResponse = z.object({ lines: z.array(traceLogLine) });

export const podLogsRoute = apiRoute('/api/namespaces/[ns]/pods/[pod]/logs', podLogsResponse);
export const traceLogsRoute = apiRoute('/api/traces/[traceId]/logs', traceLogsResponse);

export type AccessLogFields = z.output<typeof accessLogFields>;
export type LogLine = z.output<typeof logLine>;
export type TraceLogLine = z.output<typeof traceLogLine>;
