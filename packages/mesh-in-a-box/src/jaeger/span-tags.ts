// The tags Istio's Envoy puts on its spans (see shared/fixtures/wire/tempo-trace-otlp.json), as Jaeger shows them
// after receiving Zipkin spans: every Envoy tag is a string, `error` is a bool, and the span kind becomes a tag.

import {
  OUTSIDE_CLIENT_IP,
  type TargetPortOf,
  httpProtocolOf,
  inboundCluster,
  istioNodeId,
} from '../telemetry/access-log-addresses.js';
import type { JaegerTag } from './jaeger-json.js';
import type { ProxySpan } from './proxy-spans-of.js';

export function spanTags(span: ProxySpan, meshId: string, targetPortOf: TargetPortOf): JaegerTag[] {
  const { hop, attempt, proxy } = span;
  const side = attempt ?? hop;
  const upstreamCluster = attempt
    ? inboundCluster(targetPortOf(hop.service, attempt.destination))
    : hop.upstreamCluster;
  // peer.address is the downstream of this proxy: the app itself for a sidecar's outbound request.
  const peerAddress = attempt
    ? (hop.source?.podIp ?? OUTSIDE_CLIENT_IP)
    : proxy.isGateway
      ? OUTSIDE_CLIENT_IP
      : proxy.podIp;
  const tags: JaegerTag[] = [str('component', 'proxy'), str('downstream_cluster', '-')];
  // Envoy marks a span failed on a 5xx or when no response came back.
  if (side.responseCode >= 500 || side.responseCode === 0) tags.push({ key: 'error', type: 'bool', value: true });
  if (side.grpcStatus !== undefined) tags.push(str('grpc.status_code', String(side.grpcStatus)));
  tags.push(
    str('guid:x-request-id', hop.requestId),
    str('http.method', hop.method),
    str('http.protocol', httpProtocolOf(hop.protocol === 'grpc' ? 'grpc' : 'http')),
    str('http.status_code', String(side.responseCode)),
    str('http.url', `http://${hop.authority}${hop.path}`),
    str('internal.span.format', 'zipkin'),
    str('istio.canonical_revision', proxy.canonicalRevision),
    str('istio.canonical_service', proxy.canonicalService),
    str('istio.mesh_id', meshId),
    str('istio.namespace', proxy.namespace),
    str('net.host.ip', proxy.podIp),
    str('node_id', istioNodeId(proxy)),
    str('peer.address', peerAddress),
    str('request_size', String(side.requestBytes)),
    str('response_flags', side.responseFlags || '-'),
    str('response_size', String(side.responseBytes)),
    str('span.kind', span.kind),
    str('upstream_cluster', upstreamCluster),
    str('upstream_cluster.name', upstreamCluster),
    str('user_agent', hop.userAgent || '-'),
  );
  return tags;
}

/** Process tags Jaeger derives from the Zipkin local endpoint, plus the pod's name. */
export function processTags(proxy: ProxySpan['proxy']): JaegerTag[] {
  return [str('hostname', proxy.pod), str('ip', proxy.podIp)];
}

function str(key: string, value: string): JaegerTag {
  return { key, type: 'string', value };
}
