// What every tracing backend's span says in Istio's words, read the same way whichever backend answered: the pod and
// namespace of the proxy that wrote it, the request id that joins it to the access logs, and whether it failed.
import type { Span, Trace } from '../../lib/api/traces.js';

/**
 * The pod and namespace in an Envoy node id as Istio writes it: `<type>~<ip>~<pod>.<namespace>~<namespace>.svc.<domain>`
 * (istio/istio pkg/model/context.go, ServiceNode), e.g. `sidecar~10.244.0.20~reviews-v1-667b5cc65d-4m24g.bookinfo~…`.
 */
export function podOfNodeId(nodeId: string | undefined): { pod: string; namespace: string | null } | null {
  if (!nodeId) return null;
  const parts = nodeId.split('~');
  if (parts.length < 4 || !parts[2]) return null;
  // The pod's name may itself hold dots; the namespace is the last dotted part (it cannot hold one).
  const dot = parts[2].lastIndexOf('.');
  if (dot <= 0) return { pod: parts[2], namespace: null };
  return { pod: parts[2].slice(0, dot), namespace: parts[2].slice(dot + 1) };
}

/**
 * Envoy marks a span failed with the tag `error=true` (a 5xx or no response); OpenTelemetry with the status code
 * ERROR; a gRPC answer says so in `grpc.status_code` (any code but 0 OK). A 5xx without the tag counts too.
 */
export function spanFailed(tags: Record<string, string>, otlpStatusError = false): boolean {
  if (otlpStatusError || tags['error'] === 'true') return true;
  const http = Number(tags['http.status_code']);
  if (Number.isFinite(http) && http >= 500) return true;
  const grpc = tags['grpc.status_code'];
  return grpc !== undefined && grpc !== '' && grpc !== '0';
}

export interface RawSpan {
  spanId: string;
  parentId: string | null;
  service: string;
  operation: string;
  startTime: number;
  duration: number;
  tags: Record<string, string>;
  /** Process or resource attributes that name the host (Jaeger's `hostname`). */
  hostname?: string;
  otlpStatusError?: boolean;
}

/** A backend's span in the console's shape. */
export function toSpan(raw: RawSpan): Span {
  const node = podOfNodeId(raw.tags['node_id']);
  return {
    spanId: raw.spanId,
    parentId: raw.parentId,
    service: raw.service,
    operation: raw.operation,
    startTime: raw.startTime,
    duration: raw.duration,
    pod: node?.pod ?? raw.hostname ?? null,
    namespace: node?.namespace ?? raw.tags['istio.namespace'] ?? null,
    requestId: raw.tags['guid:x-request-id'] ?? null,
    error: spanFailed(raw.tags, raw.otlpStatusError),
    tags: raw.tags,
  };
}

/** A trace from its spans: the first start, the end-to-end time, the services in the order they first appear. */
export function assembleTrace(traceId: string, spans: Span[]): Trace {
  // A backend may send the same span twice (Jaeger's own fixture does); the first copy stands.
  const seen = new Set<string>();
  const unique = spans.filter((s) => {
    if (seen.has(s.spanId)) return false;
    seen.add(s.spanId);
    return true;
  });
  unique.sort((a, b) => a.startTime - b.startTime);
  let start = Infinity;
  let end = -Infinity;
  for (const s of unique) {
    start = Math.min(start, s.startTime);
    end = Math.max(end, s.startTime + s.duration);
  }
  return {
    traceId: traceId.toLowerCase(),
    startTime: unique.length ? start : 0,
    duration: unique.length ? end - start : 0,
    error: unique.some((s) => s.error),
    services: [...new Set(unique.map((s) => s.service))],
    spans: unique,
  };
}

/** Any tag value as the string a person reads (Jaeger types numbers and booleans; the console keeps strings). */
export function tagString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
