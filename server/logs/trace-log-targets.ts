// Which proxies a trace crossed and which request ids to look for in their access logs. Istio's Envoy names its pod
// on every span: the `node_id` tag (`sidecar~<ip>~<pod>.<namespace>~<namespace>.svc.cluster.local`, `router~…` for a
// gateway) and the process tag `hostname`; the request id is the tag `guid:x-request-id` (see
// shared/fixtures/wire/tempo-trace-otlp.json). Access logs carry that request id but no trace id, so they join on it.
import type { JaegerTag, JaegerTrace } from '../sources/jaeger.js';

export interface TraceLogTarget {
  namespace: string;
  pod: string;
  requestIds: Set<string>;
  /** Unix µs: the earliest span start and latest span end of this pod's spans. */
  startUs: number;
  endUs: number;
}

const tagValue = (tags: readonly JaegerTag[] | undefined, key: string): string | null => {
  const tag = tags?.find((t) => t.key === key);
  return tag === undefined || tag.value === null || tag.value === undefined ? null : String(tag.value);
};

/** The pod and namespace in an Istio node id, or null when it is not one. */
export function podOfNodeId(nodeId: string | null): { pod: string; namespace: string } | null {
  if (!nodeId) return null;
  const parts = nodeId.split('~');
  if (parts.length !== 4) return null;
  const podDotNs = parts[2]!;
  const dot = podDotNs.lastIndexOf('.');
  if (dot <= 0) return null;
  return { pod: podDotNs.slice(0, dot), namespace: podDotNs.slice(dot + 1) };
}

/** One target per pod the trace's spans name, with the request ids its spans carry; spans without either are left. */
export function traceLogTargets(trace: JaegerTrace): TraceLogTarget[] {
  const byPod = new Map<string, TraceLogTarget>();
  for (const span of trace.spans) {
    const requestId = tagValue(span.tags, 'guid:x-request-id');
    if (!requestId) continue;
    const fromNode = podOfNodeId(tagValue(span.tags, 'node_id'));
    const pod = fromNode?.pod ?? tagValue(trace.processes[span.processID]?.tags, 'hostname');
    const namespace = fromNode?.namespace ?? tagValue(span.tags, 'istio.namespace');
    if (!pod || !namespace) continue;
    const key = `${namespace}/${pod}`;
    const target = byPod.get(key) ?? {
      namespace,
      pod,
      requestIds: new Set<string>(),
      startUs: span.startTime,
      endUs: span.startTime + span.duration,
    };
    target.requestIds.add(requestId);
    target.startUs = Math.min(target.startUs, span.startTime);
    target.endUs = Math.max(target.endUs, span.startTime + span.duration);
    byPod.set(key, target);
  }
  return [...byPod.values()];
}
