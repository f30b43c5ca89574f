// The spans Istio's proxies report for one hop. Envoy's tracer makes one span per request per proxy: a client span
// on the caller's sidecar, a server span on the callee's sidecar. A gateway is a single proxy that reports one
// client span per request (shared/fixtures/wire/tempo-trace-otlp.json: istio-ingressgateway has only a
// SPAN_KIND_CLIENT span), so a hop into a gateway makes no span of its own. Envoy does not trace TCP proxying.

import type { Attempt, Hop, ServiceRef, WorkloadRef } from '../traffic/hop.js';
import { flat } from '../store/flat-strings.js';

export interface ProxySpan {
  spanId: string;
  /** As the hop recorded it; a gateway's id is resolved through the trace's aliases when the trace is read. */
  parentSpanId?: string;
  kind: 'client' | 'server';
  proxy: WorkloadRef;
  hop: Hop;
  attempt?: Attempt; // server spans
  /** Istio's default decorator: `<service host>:<port>/*`. */
  operationName: string;
  startUs: number;
  durationUs: number;
}

export interface HopSpans {
  spans: ProxySpan[];
  /** Span ids the hop passed on that no proxy reported (a gateway's inbound side), and the span that stands for each. */
  aliases: [spanId: string, standsFor: string | undefined][];
}

const NO_SPANS: HopSpans = { spans: [], aliases: [] };

// A service's decorator, one string for all its spans: the store keeps ~50,000 spans, and a fresh `host:port/*` per
// hop was a string of joined pieces (~120 bytes) each.
const decorators = new WeakMap<ServiceRef, string>();
function operationNameOf(service: ServiceRef): string {
  let name = decorators.get(service);
  if (name === undefined) decorators.set(service, (name = flat(`${service.host}:${service.port}/*`)));
  return name;
}

export function proxySpansOf(hop: Hop): HopSpans {
  if (hop.protocol === 'tcp') return NO_SPANS;
  const operationName = operationNameOf(hop.service);
  const source = hop.source;
  const spans: ProxySpan[] = [];
  // A mirror copy leaves inside the caller's original stream, so the caller reports no span for it.
  const client = source && (source.hasSidecar || source.isGateway) && !hop.mirrored ? source : undefined;
  if (client) {
    spans.push({
      spanId: hop.clientSpanId,
      parentSpanId: hop.parentSpanId,
      kind: 'client',
      proxy: client,
      hop,
      operationName,
      startUs: Math.round(hop.startMs * 1000),
      durationUs: Math.round(hop.durationMs * 1000),
    });
  }
  // Without a client span, the callee's span hangs under whatever context the caller's app passed on (the span of the
  // request it is serving, or of a mirror copy's original); with none, it starts the trace.
  const serverParent = client ? hop.clientSpanId : hop.parentSpanId;
  const aliases: HopSpans['aliases'] = [];
  for (const attempt of hop.attempts) {
    const destination = attempt.destination;
    if (destination.isGateway) {
      aliases.push([attempt.serverSpanId, serverParent]);
      continue;
    }
    if (!destination.hasSidecar) continue;
    spans.push({
      spanId: attempt.serverSpanId,
      parentSpanId: serverParent,
      kind: 'server',
      proxy: destination,
      hop,
      attempt,
      operationName,
      startUs: Math.round(attempt.startMs * 1000),
      durationUs: Math.round(attempt.durationMs * 1000),
    });
  }
  return { spans, aliases };
}
