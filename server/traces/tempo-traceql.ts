// The Traces tab's search as one TraceQL span selector, sent to Tempo's `/api/search?q=` (grafana.com/docs/tempo/latest/
// api_docs, "Parameters for TraceQL Search"), so that Tempo applies every filter before its limit instead of the
// console after it. All conditions sit inside one `{ }`, which TraceQL evaluates on a single span: a trace matches
// when one span of the service has the operation, the tags and a duration in range, which is Jaeger's own rule
// (jaegertracing/jaeger TraceQueryParameters), so both backends answer the same search alike.
// - the service is the span's resource attribute `service.name` (Envoy's Zipkin spans, translated to OTLP, carry the
//   proxy's service there, as the tempo-trace-otlp.json fixture shows);
// - the operation is the span's intrinsic `name`;
// - Jaeger's `error=true` tag is the OTLP span status (`status = error`, TraceQL's intrinsic), Envoy's other tags span
//   attributes whose values are strings (`http.status_code` is `"200"` in the fixture);
// - min and max duration are the span's intrinsic `duration`, written in whole nanoseconds (a Go duration, as
//   TraceQL's durations are, whatever form the person typed it in: 1m30s, 1.5s, 100ms).
// Attribute names outside letters, digits, `_` and `.` (Istio's `guid:x-request-id`) are quoted, with `\` and `"`
// escaped, as TraceQL's quoted attribute syntax allows (grafana/tempo#3004, the 2023-11 TraceQL extensions proposal).
import { goDurationMicros } from './go-duration.js';

/** What the Traces tab searches by, as the trace backend receives it (Jaeger's parameters). */
export interface TraceQlSearch {
  service: string;
  operation?: string;
  tags?: Record<string, string>;
  minDuration?: string;
  maxDuration?: string;
}

const PLAIN_NAME = /^[A-Za-z0-9_.]+$/;

/** A TraceQL string literal: double quotes, with `\` and `"` (and control characters) escaped. */
export const traceQlString = (value: string): string => JSON.stringify(value);

/** An attribute in a scope: `span.http.status_code`, or `span."guid:x-request-id"` when the name needs quoting. */
export function traceQlAttribute(scope: 'span' | 'resource', name: string): string {
  return PLAIN_NAME.test(name) ? `${scope}.${name}` : `${scope}.${traceQlString(name)}`;
}

/** The search as a TraceQL query: `{ resource.service.name = "sa-logic.demo" && name = "…" && status = error }`. */
export function traceQlOf(search: TraceQlSearch): string {
  const conditions = [`${traceQlAttribute('resource', 'service.name')} = ${traceQlString(search.service)}`];
  if (search.operation) conditions.push(`name = ${traceQlString(search.operation)}`);
  for (const [key, value] of Object.entries(search.tags ?? {})) {
    if (key === 'error') conditions.push(value === 'true' ? 'status = error' : 'status != error');
    else conditions.push(`${traceQlAttribute('span', key)} = ${traceQlString(value)}`);
  }
  const ns = (value: string, parameter: string) => `${Math.round(goDurationMicros(value, parameter) * 1000)}ns`;
  if (search.minDuration) conditions.push(`duration >= ${ns(search.minDuration, 'minDuration')}`);
  if (search.maxDuration) conditions.push(`duration <= ${ns(search.maxDuration, 'maxDuration')}`);
  return `{ ${conditions.join(' && ')} }`;
}
