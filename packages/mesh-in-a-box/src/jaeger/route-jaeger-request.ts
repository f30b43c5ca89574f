// The read side of jaeger-query's HTTP API (cmd/query/app/http_handler.go RegisterRoutes) over a TraceStore, without
// the socket, so it can be tested as a function.

import { jaegerEnvelope, jaegerErrorEnvelope } from './jaeger-json.js';
import { JaegerParamError, parseTraceQuery } from './parse-trace-query.js';
import type { TraceStore } from './trace-store.js';

export interface JaegerReply {
  status: number;
  body: unknown;
}

const TRACE_ID = /^[0-9a-fA-F]{1,32}$/;

/** `path` with its query string, as in an HTTP request line. */
export function routeJaegerRequest(traces: TraceStore, method: string, path: string, nowMs: number): JaegerReply {
  const url = new URL(path, 'http://jaeger.invalid');
  const segments = decodedSegments(url.pathname);
  if (segments?.[0] !== 'api') return notFound();
  const [, resource, id, sub] = segments;
  const known =
    (resource === 'services' && (segments.length === 2 || (segments.length === 4 && sub === 'operations'))) ||
    (resource === 'operations' && segments.length === 2) ||
    (resource === 'traces' && segments.length <= 3);
  if (!known) return notFound();
  if (method !== 'GET') return { status: 405, body: jaegerErrorEnvelope(405, 'method not allowed') };
  try {
    if (resource === 'services' && segments.length === 2) {
      const services = traces.services();
      return ok(jaegerEnvelope(services, services.length));
    }
    if (resource === 'services') {
      // The legacy route lists names only, over all span kinds.
      const names = [...new Set(traces.operations(id!).map((operation) => operation.name))];
      return ok(jaegerEnvelope(names, names.length));
    }
    if (resource === 'operations') {
      const service = url.searchParams.get('service');
      if (!service) return badRequest("parameter 'service' is required");
      const operations = traces.operations(service, url.searchParams.get('spanKind') ?? undefined);
      return ok(jaegerEnvelope(operations, operations.length));
    }
    if (id !== undefined) {
      if (!TRACE_ID.test(id)) return badRequest(`unable to parse param 'traceID': "${id}" is not a hex trace id`);
      const trace = traces.trace(id);
      if (!trace) return { status: 404, body: jaegerErrorEnvelope(404, 'trace not found') };
      return ok(jaegerEnvelope([trace]));
    }
    return ok(jaegerEnvelope(traces.findTraces(parseTraceQuery(url.searchParams, nowMs))));
  } catch (err) {
    if (err instanceof JaegerParamError) return badRequest(err.message);
    throw err;
  }
}

function decodedSegments(pathname: string): string[] | undefined {
  try {
    return pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return undefined; // a malformed %-escape names no route
  }
}

function ok(body: unknown): JaegerReply {
  return { status: 200, body };
}

function badRequest(msg: string): JaegerReply {
  return { status: 400, body: jaegerErrorEnvelope(400, msg) };
}

function notFound(): JaegerReply {
  return { status: 404, body: jaegerErrorEnvelope(404, '404 page not found') };
}
