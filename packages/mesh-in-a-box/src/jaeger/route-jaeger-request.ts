// The read side of jaeger-query's HTTP API (cmd/query/app/http_handler.go RegisterRoutes) over a TraceStore, without
// the socket, so it can be tested as a function.

import { type JaegerError, type JaegerTrace, jaegerEnvelope, jaegerErrorEnvelope } from './jaeger-json.js';
import { parseDependenciesQuery } from './parse-dependencies-query.js';
import {
  type JaegerTraceId,
  JaegerParamError,
  parseTraceQuery,
  traceIdKey,
  traceIdString,
} from './parse-trace-query.js';
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
    (resource === 'dependencies' && segments.length === 2) ||
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
    if (resource === 'dependencies') {
      const { endMs, lookbackMs, service } = parseDependenciesQuery(url.searchParams, nowMs);
      const window = { startUs: (endMs - lookbackMs) * 1000, endUs: endMs * 1000, service };
      return ok(jaegerEnvelope(traces.dependencies(window)));
    }
    const search = parseTraceQuery(url.searchParams, nowMs);
    if (search.traceIds.length > 0) return ok(tracesByIds(traces, search.traceIds));
    return ok(jaegerEnvelope(traces.findTraces(search)));
  } catch (err) {
    if (err instanceof JaegerParamError) return badRequest(err.message);
    throw err;
  }
}

/**
 * The traces asked for by id, in the order asked, each once; an unknown id is not an error of the request but an
 * entry in `errors` with the id and no code, beside the traces found (http_handler.go, tracesByIDs).
 */
function tracesByIds(traces: TraceStore, ids: JaegerTraceId[]) {
  const found: JaegerTrace[] = [];
  const missing: JaegerError[] = [];
  const seen = new Set<string>();
  for (const id of ids) {
    const key = traceIdKey(id);
    if (seen.has(key)) continue;
    seen.add(key);
    const trace = traces.trace(key);
    if (trace) found.push(trace);
    else missing.push({ msg: 'trace not found', traceID: traceIdString(id) });
  }
  return { ...jaegerEnvelope(found), errors: missing.length > 0 ? missing : null };
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
