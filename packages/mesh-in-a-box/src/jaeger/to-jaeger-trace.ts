import type { TargetPortOf } from '../telemetry/access-log-addresses.js';
import type { JaegerProcess, JaegerSpan, JaegerTrace } from './jaeger-json.js';
import type { ProxySpan } from './proxy-spans-of.js';
import { processTags, spanTags } from './span-tags.js';

export interface StoredTrace {
  traceId: string;
  spans: ProxySpan[];
  /** Span ids passed on by a proxy that reports no span of its own (a gateway's inbound side). */
  aliases?: Map<string, string | undefined>;
}

/** Istio's default tracing service name: `<canonical service>.<namespace>`. */
export function processServiceName(proxy: ProxySpan['proxy']): string {
  return `${proxy.canonicalService}.${proxy.namespace}`;
}

export function toJaegerTrace(trace: StoredTrace, meshId: string, targetPortOf: TargetPortOf): JaegerTrace {
  const processes: Record<string, JaegerProcess> = {};
  const processIds = new Map<string, string>();
  const ordered = [...trace.spans].sort((a, b) => a.startUs - b.startUs);
  const spans: JaegerSpan[] = ordered.map((span) => {
    const podKey = `${span.proxy.namespace}/${span.proxy.pod}`;
    let processId = processIds.get(podKey);
    if (!processId) {
      processId = `p${processIds.size + 1}`;
      processIds.set(podKey, processId);
      processes[processId] = { serviceName: processServiceName(span.proxy), tags: processTags(span.proxy) };
    }
    const parent = resolveParent(span.parentSpanId, trace.aliases);
    return {
      traceID: trace.traceId,
      spanID: span.spanId,
      operationName: span.operationName,
      references: parent ? [{ refType: 'CHILD_OF', traceID: trace.traceId, spanID: parent }] : [],
      startTime: span.startUs,
      duration: span.durationUs,
      tags: spanTags(span, meshId, targetPortOf),
      logs: [],
      processID: processId,
      warnings: null,
      flags: 1, // sampled
    };
  });
  return { traceID: trace.traceId, spans, processes, warnings: null };
}

export function resolveParent(
  parentSpanId: string | undefined,
  aliases: Map<string, string | undefined> | undefined,
): string | undefined {
  let parent = parentSpanId;
  // Bounded: a gateway behind a gateway chains aliases, a cycle would be a bug in the records.
  for (let depth = 0; parent !== undefined && aliases?.has(parent) && depth < 8; depth++) parent = aliases.get(parent);
  return parent;
}
