// Jaeger's query API answer (`/api/traces`, `/api/traces/{id}`: spans with tags and a process table) in the console's
// shape. The encoding is Jaeger's UI model (jaegertracing/jaeger, model/json/model.go): `references` hold the parent
// as CHILD_OF (or FOLLOWS_FROM), times are µs, tags are typed {key, type, value}.
import type { Trace } from '../../lib/api/traces.js';
import type { JaegerTrace } from '../sources/jaeger.js';
import { assembleTrace, tagString, toSpan } from './span-facts.js';

export function jaegerToTrace(trace: JaegerTrace): Trace {
  const spans = trace.spans.map((span) => {
    const process = trace.processes[span.processID];
    const tags: Record<string, string> = {};
    for (const tag of span.tags ?? []) tags[tag.key] = tagString(tag.value);
    const hostname = process?.tags?.find((t) => t.key === 'hostname');
    const parent = span.references?.find((r) => r.refType === 'CHILD_OF') ?? span.references?.[0];
    return toSpan({
      spanId: span.spanID,
      parentId: parent?.spanID ?? null,
      service: process?.serviceName ?? 'unknown',
      operation: span.operationName,
      startTime: span.startTime,
      duration: span.duration,
      tags,
      hostname: hostname ? tagString(hostname.value) : undefined,
    });
  });
  return assembleTrace(trace.traceID, spans);
}
