// The 24 fields of Istio's default access log, filled from a hop as the client's or the server's proxy saw it.
// Field meanings: shared/reference/access-logs.md §2 (Envoy operators behind Istio's EnvoyTextLogFormat).

import type { Attempt, Hop, RefusedConnections, ServiceRef } from '../traffic/hop.js';
import {
  GATEWAY_LISTENER_PORT,
  INBOUND_PASSTHROUGH_BIND_IP,
  OUTSIDE_CLIENT_IP,
  type TargetPortOf,
  ephemeralPort,
  httpProtocolOf,
  inboundCluster,
  mtlsServerName,
} from './access-log-addresses.js';

/** One access log line's values; undefined prints as '-' in TEXT and null in JSON. */
export interface AccessLogEntry {
  startMs: number;
  method?: string;
  path?: string;
  protocol?: string;
  responseCode: number;
  responseFlags?: string;
  responseCodeDetails?: string;
  connectionTerminationDetails?: string;
  upstreamTransportFailureReason?: string;
  bytesReceived: number;
  bytesSent: number;
  durationMs: number;
  upstreamServiceTimeMs?: number;
  xForwardedFor?: string;
  userAgent?: string;
  requestId?: string;
  authority?: string;
  upstreamHost?: string;
  upstreamCluster?: string;
  upstreamLocalAddress?: string;
  downstreamLocalAddress?: string;
  downstreamRemoteAddress?: string;
  requestedServerName?: string;
  routeName?: string;
}

export interface AccessLogAddressing {
  targetPortOf: TargetPortOf;
  clusterIpOf: (service: ServiceRef) => string;
}

/** What the caller's proxy (sidecar or gateway) logs when the hop's stream ends. */
export function outboundAccessLogEntry(hop: Hop, addressing: AccessLogAddressing): AccessLogEntry {
  const source = hop.source;
  const last = hop.attempts[hop.attempts.length - 1];
  const upstreamPort = last ? addressing.targetPortOf(hop.service, last.destination) : undefined;
  const viaUpstream = last !== undefined && last.responseCode !== 0 && hop.responseCodeDetails === 'via_upstream';
  // A gateway's downstream is the outside client; a sidecar's is its own app, dialling the Service's ClusterIP.
  const downstreamLocalAddress = source?.isGateway
    ? `${source.podIp}:${GATEWAY_LISTENER_PORT}`
    : `${addressing.clusterIpOf(hop.service)}:${hop.service.port}`;
  const downstreamIp = source && !source.isGateway ? source.podIp : OUTSIDE_CLIENT_IP;
  return {
    ...requestFields(hop),
    startMs: hop.startMs,
    responseCode: hop.protocol === 'tcp' ? 0 : hop.responseCode,
    responseFlags: dashToUndefined(hop.responseFlags),
    responseCodeDetails: hop.protocol === 'tcp' ? undefined : dashToUndefined(hop.responseCodeDetails),
    upstreamTransportFailureReason: transportFailureReason(hop.responseFlags, hop.responseCodeDetails),
    bytesReceived: hop.requestBytes,
    bytesSent: hop.responseBytes,
    durationMs: Math.round(hop.durationMs),
    // Measured by the router from the last try's start to its response headers.
    upstreamServiceTimeMs:
      viaUpstream && hop.protocol !== 'tcp'
        ? Math.max(0, Math.round(hop.startMs + hop.durationMs - last.startMs))
        : undefined,
    upstreamHost: last && upstreamPort !== undefined ? `${last.destination.podIp}:${upstreamPort}` : undefined,
    upstreamCluster: hop.upstreamCluster,
    upstreamLocalAddress: last && source ? `${source.podIp}:${ephemeralPort(last.serverSpanId)}` : undefined,
    downstreamLocalAddress,
    downstreamRemoteAddress: `${downstreamIp}:${ephemeralPort(hop.clientSpanId)}`,
    routeName: hop.protocol === 'tcp' ? undefined : hop.routeName,
  };
}

/** What the server's sidecar logs when one attempt's stream ends. */
export function inboundAccessLogEntry(hop: Hop, attempt: Attempt, addressing: AccessLogAddressing): AccessLogEntry {
  const destination = attempt.destination;
  const targetPort = addressing.targetPortOf(hop.service, destination);
  const callerIp = hop.source?.podIp ?? OUTSIDE_CLIENT_IP;
  const fromApp = attempt.responseCodeDetails === 'via_upstream' && hop.protocol !== 'tcp';
  // A request the sidecar's own filters refused (jwt_authn, RBAC) never went to the app: no upstream host or address.
  const local = attempt.localReply !== undefined;
  const port = ephemeralPort(attempt.serverSpanId);
  return {
    ...requestFields(hop),
    startMs: attempt.startMs,
    responseCode: hop.protocol === 'tcp' ? 0 : attempt.responseCode,
    responseFlags: dashToUndefined(attempt.responseFlags),
    responseCodeDetails: hop.protocol === 'tcp' ? undefined : dashToUndefined(attempt.responseCodeDetails),
    upstreamTransportFailureReason: transportFailureReason(attempt.responseFlags, attempt.responseCodeDetails),
    bytesReceived: attempt.requestBytes,
    bytesSent: attempt.responseBytes,
    durationMs: Math.round(attempt.durationMs),
    // The app's own time, which the server proxy's duration only exceeds by its own overhead.
    upstreamServiceTimeMs: fromApp ? Math.floor(attempt.durationMs) : undefined,
    upstreamHost: local ? undefined : `${destination.podIp}:${targetPort}`,
    upstreamCluster: inboundCluster(targetPort),
    upstreamLocalAddress: local
      ? undefined
      : `${INBOUND_PASSTHROUGH_BIND_IP}:${ephemeralPort(`${attempt.serverSpanId}/app`)}`,
    downstreamLocalAddress: `${destination.podIp}:${targetPort}`,
    downstreamRemoteAddress: `${callerIp}:${port}`,
    requestedServerName: hop.mtls ? mtlsServerName(hop.upstreamCluster) : undefined,
    routeName: hop.protocol === 'tcp' ? undefined : 'default',
  };
}

/**
 * What the server's listener logs for a plaintext connection to a STRICT port: no filter chain matched, so no request
 * was read (`"- - -" 0 NR filter_chain_not_found`, istio/istio#43505 and #51982 show such lines).
 */
export function refusedConnectionEntry(hop: Hop, refused: RefusedConnections): AccessLogEntry {
  return {
    startMs: hop.startMs,
    responseCode: 0,
    responseFlags: 'NR',
    responseCodeDetails: 'filter_chain_not_found',
    bytesReceived: 0,
    bytesSent: 0,
    durationMs: 0,
    downstreamLocalAddress: `${refused.by.podIp}:${refused.targetPort}`,
    downstreamRemoteAddress: `${hop.source?.podIp ?? OUTSIDE_CLIENT_IP}:${ephemeralPort(`${hop.clientSpanId}/refused`)}`,
  };
}

/** Request headers Envoy prints; a TCP proxy has none of them. */
function requestFields(hop: Hop): Partial<AccessLogEntry> {
  if (hop.protocol === 'tcp') return {};
  return {
    method: hop.method,
    path: hop.path,
    protocol: httpProtocolOf(hop.protocol),
    userAgent: hop.userAgent || undefined,
    requestId: hop.requestId,
    authority: hop.authority,
  };
}

function dashToUndefined(value: string): string | undefined {
  return value === '-' || value === '' ? undefined : value;
}

/**
 * Envoy puts the transport failure into the details as `upstream_reset_before_response_started{connection_failure,
 * TLS_error:_…}` with spaces turned into underscores; %UPSTREAM_TRANSPORT_FAILURE_REASON% prints the raw text.
 */
function transportFailureReason(flags: string, details: string): string | undefined {
  if (!flags.includes('UF')) return undefined;
  const match = /connection_failure,(.+)\}$/.exec(details);
  return match?.[1]?.replaceAll('_', ' ');
}
