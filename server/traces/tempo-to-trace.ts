// Grafana Tempo's own answers in the console's shape. `/api/traces/{id}` is OTLP JSON: `batches` (Tempo 1 and 2's v1
// API) or `resourceSpans` (OTLP's own name, Tempo's v2 API under `trace`), each a resource with `service.name` and
// scope spans. Tempo writes ids as protobuf JSON does, base64 (kiali/kiali tracing/tracingtest/responseTrace.json),
// where OTLP's spec says hex: both are read. Times are unix nanoseconds as strings.
import type { Trace } from '../../lib/api/traces.js';
import { assembleTrace, tagString, toSpan, type RawSpan } from './span-facts.js';

interface OtlpAttribute {
  key: string;
  value?: Record<string, unknown>;
}
interface OtlpSpan {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  name?: string;
  kind?: string | number;
  startTimeUnixNano?: string | number;
  endTimeUnixNano?: string | number;
  attributes?: OtlpAttribute[];
  status?: { code?: string | number };
}
interface OtlpResourceSpans {
  resource?: { attributes?: OtlpAttribute[] };
  scopeSpans?: { spans?: OtlpSpan[] }[];
  instrumentationLibrarySpans?: { spans?: OtlpSpan[] }[];
}
export interface TempoTraceAnswer {
  batches?: OtlpResourceSpans[];
  resourceSpans?: OtlpResourceSpans[];
  trace?: { batches?: OtlpResourceSpans[]; resourceSpans?: OtlpResourceSpans[] };
}
export interface TempoSearchAnswer {
  traces?: { traceID: string; startTimeUnixNano?: string; durationMs?: number; rootServiceName?: string }[];
}

/** An OTLP id as hex: kept when it already is hex of a span's or trace's length, else read as base64. */
export function otlpIdToHex(id: string | undefined): string | null {
  if (!id) return null;
  if (/^[0-9a-fA-F]+$/.test(id) && (id.length === 16 || id.length === 32)) return id.toLowerCase();
  const hex = Buffer.from(id, 'base64').toString('hex');
  return hex || null;
}

/** An OTLP AnyValue as a string: stringValue, intValue (a string in protobuf JSON), boolValue, doubleValue, … */
function anyValue(value: Record<string, unknown> | undefined): string {
  if (!value) return '';
  const [kind, inner] = Object.entries(value)[0] ?? [];
  if (kind === 'arrayValue') {
    const values = (inner as { values?: Record<string, unknown>[] })?.values ?? [];
    return values.map(anyValue).join(',');
  }
  return tagString(inner);
}

function attributes(list: OtlpAttribute[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of list ?? []) out[a.key] = anyValue(a.value);
  return out;
}

/** Unix nanoseconds (a 19-digit string, past a double's precision) as µs. */
function nanosToMicros(value: string | number | undefined): number {
  if (value === undefined) return 0;
  try {
    return Number(BigInt(String(value)) / 1000n);
  } catch {
    return Math.floor(Number(value) / 1000) || 0;
  }
}

// SPAN_KIND_CLIENT → client, as Jaeger shows OTLP spans (span.kind tag); numbers are the enum's values.
const KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
function kindName(kind: string | number | undefined): string | null {
  if (kind === undefined) return null;
  if (typeof kind === 'number') return KINDS[kind] ?? null;
  const name = kind.replace(/^SPAN_KIND_/, '').toLowerCase();
  return name === 'unspecified' ? null : name;
}

/** Tempo's `/api/traces/{id}` answer as a trace; null when it holds no span. */
export function tempoToTrace(answer: TempoTraceAnswer, traceIdHint?: string): Trace | null {
  const resources =
    answer.batches ?? answer.resourceSpans ?? answer.trace?.batches ?? answer.trace?.resourceSpans ?? [];
  const spans: RawSpan[] = [];
  let traceId = traceIdHint ?? null;
  for (const resource of resources) {
    const resourceTags = attributes(resource.resource?.attributes);
    const service = resourceTags['service.name'] ?? 'unknown';
    for (const scope of [...(resource.scopeSpans ?? []), ...(resource.instrumentationLibrarySpans ?? [])]) {
      for (const span of scope.spans ?? []) {
        traceId ??= otlpIdToHex(span.traceId);
        const tags = attributes(span.attributes);
        const kind = kindName(span.kind);
        if (kind && tags['span.kind'] === undefined) tags['span.kind'] = kind;
        const start = nanosToMicros(span.startTimeUnixNano);
        const code = span.status?.code;
        spans.push({
          spanId: otlpIdToHex(span.spanId) ?? '',
          parentId: otlpIdToHex(span.parentSpanId),
          service,
          operation: span.name ?? '',
          startTime: start,
          duration: Math.max(0, nanosToMicros(span.endTimeUnixNano) - start),
          tags,
          hostname: resourceTags['host.name'] ?? resourceTags['k8s.pod.name'],
          otlpStatusError: code === 'STATUS_CODE_ERROR' || code === 2,
        });
      }
    }
  }
  if (spans.length === 0 || !traceId) return null;
  return assembleTrace(traceId, spans.map(toSpan));
}

/** The trace ids of Tempo's `/api/search` answer, newest first as Tempo lists them. */
export function tempoSearchIds(answer: TempoSearchAnswer): string[] {
  return (answer.traces ?? []).map((t) => t.traceID.toLowerCase());
}
