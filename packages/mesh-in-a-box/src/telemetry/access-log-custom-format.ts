// A format the mesh configures in MeshConfig accessLogFormat, applied as Envoy's substitution formatter does
// (envoyproxy/envoy docs/root/configuration/observability/access_log/usage.rst, "Format Strings" and "Command
// Operators"): `%COMMAND(arg):max%` replaced by its value, `-` when absent, everything else written as is. With the
// JSON encoding the format is a JSON object of key → command and each key gets its command's value.

import type { AccessLogEntry } from './access-log-entry.js';

type Value = string | number | undefined;

// The operators Istio's default formats use, by name and argument (headers are case-insensitive).
function valueOf(e: AccessLogEntry, name: string, arg: string | undefined): Value {
  const header = arg?.toUpperCase();
  switch (name) {
    case 'START_TIME':
      return arg?.startsWith('%s') ? String(Math.floor(e.startMs / 1000)) : new Date(e.startMs).toISOString();
    case 'PROTOCOL':
      return e.protocol;
    case 'RESPONSE_CODE':
      return e.responseCode;
    case 'RESPONSE_FLAGS':
      return e.responseFlags;
    case 'RESPONSE_CODE_DETAILS':
      return e.responseCodeDetails;
    case 'CONNECTION_TERMINATION_DETAILS':
      return e.connectionTerminationDetails;
    case 'UPSTREAM_TRANSPORT_FAILURE_REASON':
      return e.upstreamTransportFailureReason;
    case 'BYTES_RECEIVED':
      return e.bytesReceived;
    case 'BYTES_SENT':
      return e.bytesSent;
    case 'DURATION':
      return e.durationMs;
    case 'UPSTREAM_HOST':
      return e.upstreamHost;
    case 'UPSTREAM_CLUSTER':
    case 'UPSTREAM_CLUSTER_RAW':
      return e.upstreamCluster;
    case 'UPSTREAM_LOCAL_ADDRESS':
      return e.upstreamLocalAddress;
    case 'DOWNSTREAM_LOCAL_ADDRESS':
      return e.downstreamLocalAddress;
    case 'DOWNSTREAM_REMOTE_ADDRESS':
      return e.downstreamRemoteAddress;
    case 'REQUESTED_SERVER_NAME':
      return e.requestedServerName;
    case 'ROUTE_NAME':
      return e.routeName;
    case 'RESP':
      return header === 'X-ENVOY-UPSTREAM-SERVICE-TIME' ? e.upstreamServiceTimeMs : undefined;
    case 'REQ': {
      // REQ(A?B): header A, else B.
      for (const h of (header ?? '').split('?')) {
        const v = requestHeader(e, h);
        if (v !== undefined) return v;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function requestHeader(e: AccessLogEntry, header: string): Value {
  switch (header) {
    case ':METHOD':
      return e.method;
    case ':PATH':
      return e.path;
    case ':AUTHORITY':
    case 'HOST':
      return e.authority;
    case 'X-REQUEST-ID':
      return e.requestId;
    case 'USER-AGENT':
      return e.userAgent;
    case 'X-FORWARDED-FOR':
      return e.xForwardedFor;
    default:
      return undefined; // X-ENVOY-ORIGINAL-PATH: the mesh in a box never rewrites a path
  }
}

const COMMAND = /%([A-Z][A-Z0-9_]*)(?:\(([^)]*)\))?(?::(\d+))?%/g;

function substitute(e: AccessLogEntry, format: string): string {
  return format.replace(COMMAND, (_m, name: string, arg: string | undefined, max: string | undefined) => {
    const value = valueOf(e, name, arg);
    const text = value === undefined || value === '' ? '-' : String(value);
    return max ? text.slice(0, Number(max)) : text;
  });
}

/** The line for a TEXT accessLogFormat (Istio adds the newline the format lacks; the book adds it when read). */
export function formatCustomText(e: AccessLogEntry, format: string): string {
  return substitute(e, format).replace(/\n+$/, '');
}

/** The line for a JSON accessLogFormat: each key's command alone gives a typed value, as Envoy's json_format does. */
export function formatCustomJson(e: AccessLogEntry, keys: Readonly<Record<string, string>>): string {
  const out: Record<string, unknown> = {};
  for (const [key, format] of Object.entries(keys)) {
    const alone = /^%([A-Z][A-Z0-9_]*)(?:\(([^)]*)\))?%$/.exec(format);
    if (alone) {
      const value = valueOf(e, alone[1]!, alone[2]);
      out[key] = value === undefined || value === '' ? null : value;
    } else out[key] = substitute(e, format);
  }
  return JSON.stringify(out);
}
