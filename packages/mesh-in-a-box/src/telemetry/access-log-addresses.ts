// Addresses the hop records do not carry (connection ports, service ClusterIPs, container ports) but that the proxies
// print. They are derived deterministically from the records, so both sides of one connection print the same port
// and a repeated run prints the same lines. The tracer reuses them so spans and log lines agree.

import type { ServiceRef, WorkloadRef } from '../traffic/hop.js';

/** Where a client outside the mesh appears to come from: the node's bridge address after NodePort SNAT. */
export const OUTSIDE_CLIENT_IP = '10.244.0.1';

/** Istio's default ingress gateway container listens on 8080 for the Service's port 80. */
export const GATEWAY_LISTENER_PORT = 8080;

/**
 * Since Istio 1.10 the inbound listener forwards to the pod IP from this loopback source address
 * (InboundPassthroughBindIpv4), so the app sees 127.0.0.6 as its peer.
 */
export const INBOUND_PASSTHROUGH_BIND_IP = '127.0.0.6';

/** The container port a Service port maps to on a pod; the records only carry the Service port. */
export type TargetPortOf = (service: ServiceRef, destination: WorkloadRef) => number;

export const servicePortAsTargetPort: TargetPortOf = (service) => service.port;

/** FNV-1a over the string: cheap, stable, and good enough to spread ports and addresses. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A port in Linux's default ephemeral range (32768–60999), fixed per connection key. */
export function ephemeralPort(connectionKey: string): number {
  return 32768 + (stableHash(connectionKey) % 28232);
}

/** A ClusterIP in kind's default service range (10.96.0.0/16), fixed per host. */
export function syntheticClusterIp(host: string): string {
  const hash = stableHash(host);
  return `10.96.${(hash >>> 8) & 255}.${(hash & 254) + 1}`;
}

/** Envoy's node id as Istio sets it: `<type>~<ip>~<pod>.<namespace>~<namespace>.svc.cluster.local`. */
export function istioNodeId(proxy: WorkloadRef): string {
  const type = proxy.isGateway ? 'router' : 'sidecar';
  return `${type}~${proxy.podIp}~${proxy.pod}.${proxy.namespace}~${proxy.namespace}.svc.cluster.local`;
}

/** The server side's cluster for a container port (Istio 1.6+ leaves subset and host empty). */
export function inboundCluster(targetPort: number): string {
  return `inbound|${targetPort}||`;
}

/**
 * The SNI a client sidecar sends with auto mTLS: `outbound_.<port>_.<subset>_.<host>`, taken from its cluster name
 * `outbound|<port>|<subset>|<host>`. Undefined for Passthrough/BlackHole clusters, which are not mTLS.
 */
export function mtlsServerName(upstreamCluster: string): string | undefined {
  const [direction, port, subset, host] = upstreamCluster.split('|');
  if (direction !== 'outbound' || !port || host === undefined) return undefined;
  return `outbound_.${port}_.${subset ?? ''}_.${host}`;
}

/** HTTP version as %PROTOCOL% prints it: gRPC always rides on HTTP/2. */
export function httpProtocolOf(protocol: 'http' | 'grpc'): string {
  return protocol === 'grpc' ? 'HTTP/2' : 'HTTP/1.1';
}
