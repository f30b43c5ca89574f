// Per-edge network time from traces (kiali#2887): for each request on the edge, the time the caller's proxy waited
// that the callee's proxy does not account for: the caller's outbound (client) span minus the callee's inbound
// (server) spans under it, i.e. both network legs and the callee side's connection setup. Envoy's tracer writes one
// client span on the caller's sidecar and one server span per attempt on the callee's (Istio's Envoy: span.kind
// client/server, with the pod's canonical service, revision and namespace as tags), so the difference is the network.
// Pure: the console's traces in (Jaeger's or Tempo's, server/traces/io/trace-backend.ts), the median and p95 out.
import type { Span, Trace } from '../../lib/api/traces.js';
import { podOfWorkload } from '../mesh/pod-facts.js';
import { parseNodeId } from './node-identity.js';

export interface NetworkTime {
  /** Traces with at least one request on the edge. */
  traces: number;
  /** Requests on the edge (client spans matched to their server spans). */
  samples: number;
  medianMs: number | null;
  p95Ms: number | null;
}

interface SpanFacts {
  kind: string | undefined;
  namespace: string | undefined;
  canonicalService: string | undefined;
  revision: string | undefined;
  pod: string | undefined;
  upstreamCluster: string | undefined;
}

function factsOf(span: Span): SpanFacts {
  const tags = span.tags;
  return {
    kind: tags['span.kind'],
    namespace: tags['istio.namespace'],
    canonicalService: tags['istio.canonical_service'],
    revision: tags['istio.canonical_revision'],
    // The pod from the node id or the process's hostname (server/traces/span-facts.ts).
    pod: span.pod ?? undefined,
    upstreamCluster: tags['upstream_cluster'],
  };
}

/** Does a graph node (by id) stand for the proxy that wrote these facts; for a service node, the client's target? */
type EndMatcher = (proxy: SpanFacts, client: SpanFacts) => boolean;

/** A matcher for one end of an edge; null for ends traces cannot name (callers outside the mesh, aggregates). */
export function endMatcher(nodeId: string): EndMatcher | null {
  const { kind, parts } = parseNodeId(nodeId);
  const [namespace, name, version] = parts;
  if (!namespace || !name) return null;
  switch (kind) {
    case 'app':
      return (p) => p.namespace === namespace && p.canonicalService === name;
    case 'vapp':
      return (p) => p.namespace === namespace && p.canonicalService === name && p.revision === version;
    case 'wl':
      return (p) => p.namespace === namespace && p.pod !== undefined && podOfWorkload(p.pod, name);
    // A service is where the caller sent the request: outbound|<port>|<subset>|<name>.<namespace>.svc.<domain>.
    case 'svc':
      return (_p, client) => client.upstreamCluster?.split('|')[3]?.startsWith(`${name}.${namespace}.svc.`) ?? false;
    default:
      return null;
  }
}

function quantile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

/**
 * The network time of the edge from `sourceId` to `targetId` over these traces. A client span with several server
 * spans under it (retries) counts once, less all their time; a service node on either end matches by where the
 * caller sent the request. Null figures when no request of the traces took the edge.
 */
export function networkTime(traces: readonly Trace[], sourceId: string, targetId: string): NetworkTime {
  const source = endMatcher(sourceId);
  const target = endMatcher(targetId);
  const samplesMs: number[] = [];
  let tracesOnEdge = 0;
  for (const trace of traces) {
    if (!source || !target) break;
    const byId = new Map(trace.spans.map((s) => [s.spanId, s]));
    const serversOf = new Map<string, Span[]>();
    for (const span of trace.spans) {
      const parentId = span.parentId;
      if (parentId === null || !byId.has(parentId)) continue;
      serversOf.set(parentId, [...(serversOf.get(parentId) ?? []), span]);
    }
    let found = false;
    for (const [clientId, children] of serversOf) {
      const client = byId.get(clientId)!;
      const clientFacts = factsOf(client);
      if (clientFacts.kind !== 'client') continue;
      const servers = children.map((s) => ({ span: s, facts: factsOf(s) })).filter((s) => s.facts.kind === 'server');
      if (servers.length === 0) continue;
      if (!source(clientFacts, clientFacts) || !target(servers[0]!.facts, clientFacts)) continue;
      const serverUs = servers.reduce((sum, s) => sum + s.span.duration, 0);
      samplesMs.push(Math.max(0, client.duration - serverUs) / 1000);
      found = true;
    }
    if (found) tracesOnEdge++;
  }
  const sorted = samplesMs.sort((a, b) => a - b);
  return {
    traces: tracesOnEdge,
    samples: sorted.length,
    medianMs: quantile(sorted, 0.5),
    p95Ms: quantile(sorted, 0.95),
  };
}
