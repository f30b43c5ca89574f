// Istio's two default access log encodings (pilot/pkg/model/telemetry_logging.go: EnvoyTextLogFormat and
// EnvoyJSONLogFormatIstio), as described in shared/reference/access-logs.md §2–3.

import { formatCustomJson, formatCustomText } from './access-log-custom-format.js';
import type { AccessLogEntry } from './access-log-entry.js';

export type AccessLogEncoding = 'TEXT' | 'JSON';

/**
 * MeshConfig accessLogFormat when set: a format string for TEXT, a JSON object of key → command for JSON (as Istio
 * reads it; a JSON format that does not parse leaves Istio's default).
 */
export type AccessLogCustomFormat = string | Readonly<Record<string, string>> | null;

export function formatAccessLog(
  entry: AccessLogEntry,
  encoding: AccessLogEncoding,
  custom: AccessLogCustomFormat = null,
): string {
  if (encoding === 'JSON')
    return custom && typeof custom === 'object' ? formatCustomJson(entry, custom) : formatJson(entry);
  return typeof custom === 'string' ? formatCustomText(entry, custom) : formatText(entry);
}

/** The custom format in MeshConfig's accessLogFormat for this encoding, or null for Istio's default. */
export function customFormatOf(encoding: AccessLogEncoding, accessLogFormat: unknown): AccessLogCustomFormat {
  if (typeof accessLogFormat !== 'string' || accessLogFormat.trim() === '') return null;
  if (encoding === 'TEXT') return accessLogFormat;
  try {
    const keys = JSON.parse(accessLogFormat) as unknown;
    if (typeof keys !== 'object' || keys === null || Array.isArray(keys)) return null;
    return Object.fromEntries(Object.entries(keys).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return null;
  }
}

function formatText(e: AccessLogEntry): string {
  return (
    `[${new Date(e.startMs).toISOString()}] "${dash(e.method)} ${dash(e.path)} ${dash(e.protocol)}" ` +
    `${e.responseCode} ${dash(e.responseFlags)} ${dash(e.responseCodeDetails)} ` +
    `${dash(e.connectionTerminationDetails)} "${dash(e.upstreamTransportFailureReason)}" ` +
    `${e.bytesReceived} ${e.bytesSent} ${e.durationMs} ${dash(e.upstreamServiceTimeMs)} ` +
    `"${dash(e.xForwardedFor)}" "${dash(e.userAgent)}" "${dash(e.requestId)}" "${dash(e.authority)}" ` +
    `"${dash(e.upstreamHost)}" ${dash(e.upstreamCluster)} ${dash(e.upstreamLocalAddress)} ` +
    `${dash(e.downstreamLocalAddress)} ${dash(e.downstreamRemoteAddress)} ${dash(e.requestedServerName)} ` +
    dash(e.routeName)
  );
}

// Typed JSON: the numeric operators render as numbers, absent values as null; x-envoy-upstream-service-time is a
// header, so it stays a string. Keys in the order of Istio's constant.
function formatJson(e: AccessLogEntry): string {
  return JSON.stringify({
    start_time: new Date(e.startMs).toISOString(),
    route_name: e.routeName ?? null,
    method: e.method ?? null,
    path: e.path ?? null,
    protocol: e.protocol ?? null,
    response_code: e.responseCode,
    response_flags: e.responseFlags ?? null,
    response_code_details: e.responseCodeDetails ?? null,
    connection_termination_details: e.connectionTerminationDetails ?? null,
    bytes_received: e.bytesReceived,
    bytes_sent: e.bytesSent,
    duration: e.durationMs,
    upstream_service_time: e.upstreamServiceTimeMs === undefined ? null : String(e.upstreamServiceTimeMs),
    x_forwarded_for: e.xForwardedFor ?? null,
    user_agent: e.userAgent ?? null,
    request_id: e.requestId ?? null,
    authority: e.authority ?? null,
    upstream_host: e.upstreamHost ?? null,
    upstream_cluster: e.upstreamCluster ?? null,
    upstream_local_address: e.upstreamLocalAddress ?? null,
    downstream_local_address: e.downstreamLocalAddress ?? null,
    downstream_remote_address: e.downstreamRemoteAddress ?? null,
    requested_server_name: e.requestedServerName ?? null,
    upstream_transport_failure_reason: e.upstreamTransportFailureReason ?? null,
  });
}

function dash(value: string | number | undefined): string | number {
  return value === undefined || value === '' ? '-' : value;
}
