// Envoy's response flags (`%RESPONSE_FLAGS%` in access logs, the `response_flags` label of Istio's metrics) in words a
// person acts on. Short codes and long names are Envoy's (source/common/stream_info/utility.cc and the access-log
// docs); the sentences are ours. The access-log parser, the Logs tab and the "why" summary all read this one table.

export interface ResponseFlag {
  code: string;
  /** Envoy's `%RESPONSE_FLAGS_LONG%` name. */
  name: string;
  /** The status Envoy answers with when it makes the reply itself; null when it has none of its own. */
  status: number | null;
  /** What happened, and where to look. */
  meaning: string;
}

const FLAGS: ResponseFlag[] = [
  {
    code: 'UH',
    name: 'NoHealthyUpstream',
    status: 503,
    meaning:
      'no healthy endpoint to send to: the subset selects no pod, the service has no ready pods, or every host was ejected',
  },
  {
    code: 'UF',
    name: 'UpstreamConnectionFailure',
    status: 503,
    meaning:
      'could not connect to the upstream: refused, timed out, or the TLS handshake failed (an mTLS mode mismatch shows here)',
  },
  {
    code: 'UO',
    name: 'UpstreamOverflow',
    status: 503,
    meaning: "the circuit breaker is open: the DestinationRule's connectionPool limits were reached",
  },
  {
    code: 'NR',
    name: 'NoRouteFound',
    status: 404,
    meaning:
      'no route matched the request (or no filter chain the connection): a VirtualService match gap or an unknown host',
  },
  {
    code: 'URX',
    name: 'UpstreamRetryLimitExceeded',
    status: null,
    meaning:
      'gave up after the retries (or connect attempts) ran out; read the flags beside it for why each try failed',
  },
  {
    code: 'NC',
    name: 'NoClusterFound',
    status: null,
    meaning: 'the route names a cluster the proxy does not have: a wrong destination, or config not pushed yet',
  },
  {
    code: 'DT',
    name: 'DurationTimeout',
    status: null,
    meaning: 'the request or connection reached its maximum duration',
  },
  {
    code: 'DC',
    name: 'DownstreamConnectionTermination',
    status: null,
    meaning: 'the caller closed the connection before the answer was complete',
  },
  {
    code: 'LH',
    name: 'FailedLocalHealthCheck',
    status: 503,
    meaning: "the local service failed Envoy's health check",
  },
  {
    code: 'UT',
    name: 'UpstreamRequestTimeout',
    status: 504,
    meaning:
      "the route's timeout (the VirtualService's timeout) or a per-try timeout ran out before the upstream answered",
  },
  { code: 'LR', name: 'LocalReset', status: 503, meaning: 'the proxy reset the stream itself' },
  {
    code: 'UR',
    name: 'UpstreamRemoteReset',
    status: 503,
    meaning: 'the upstream reset the stream (the application crashed or closed it mid-request)',
  },
  {
    code: 'UC',
    name: 'UpstreamConnectionTermination',
    status: 503,
    meaning: 'the upstream connection closed under the request (often a keep-alive race with the application)',
  },
  {
    code: 'DI',
    name: 'DelayInjected',
    status: null,
    meaning: "a fault-injection delay was added (the VirtualService's fault.delay)",
  },
  {
    code: 'FI',
    name: 'FaultInjected',
    status: null,
    meaning: "a fault-injection abort answered instead of the upstream (the VirtualService's fault.abort)",
  },
  { code: 'RL', name: 'RateLimited', status: 429, meaning: 'the local rate limit refused the request' },
  {
    code: 'UAEX',
    name: 'UnauthorizedExternalService',
    status: 403,
    meaning: 'external authorization (a CUSTOM AuthorizationPolicy) denied the request',
  },
  {
    code: 'RLSE',
    name: 'RateLimitServiceError',
    status: null,
    meaning: 'the rate-limit service failed, and the request was refused',
  },
  {
    code: 'IH',
    name: 'InvalidEnvoyRequestHeaders',
    status: 400,
    meaning: 'an x-envoy-* request header had an invalid value',
  },
  {
    code: 'SI',
    name: 'StreamIdleTimeout',
    status: 408,
    meaning: 'nothing moved on the stream for the idle timeout',
  },
  {
    code: 'DPE',
    name: 'DownstreamProtocolError',
    status: null,
    meaning: "the caller's request broke the HTTP protocol",
  },
  {
    code: 'UPE',
    name: 'UpstreamProtocolError',
    status: null,
    meaning: "the upstream's answer broke the HTTP protocol (often a port named for the wrong protocol)",
  },
  {
    code: 'UMSDR',
    name: 'UpstreamMaxStreamDurationReached',
    status: null,
    meaning: 'the upstream stream reached its maximum duration',
  },
  { code: 'OM', name: 'OverloadManagerTerminated', status: null, meaning: "Envoy's overload manager shed the request" },
  { code: 'DF', name: 'DnsResolutionFailed', status: null, meaning: "the upstream's DNS name did not resolve" },
  { code: 'RFCF', name: 'ResponseFromCacheFilter', status: null, meaning: "answered from Envoy's cache" },
  {
    code: 'NFCF',
    name: 'NoFilterConfigFound',
    status: null,
    meaning: 'a dynamically configured filter (a WasmPlugin, say) had no config in time',
  },
  { code: 'DO', name: 'DropOverload', status: 503, meaning: "dropped by the cluster's drop_overload setting" },
  { code: 'DR', name: 'DownstreamRemoteReset', status: null, meaning: 'the caller reset the stream' },
  {
    code: 'UDO',
    name: 'UnconditionalDropOverload',
    status: null,
    meaning: "dropped because the cluster's drop_overload is at 100 %",
  },
];

const BY_CODE = new Map(FLAGS.map((f) => [f.code, f]));
const BY_NAME = new Map(FLAGS.map((f) => [f.name, f]));

/**
 * The flags of one `%RESPONSE_FLAGS%` value: `-` (none) gives [], `UF,URX` gives both; long names
 * (`%RESPONSE_FLAGS_LONG%`) are read too. A code this table does not know is kept with its code as its name, so a
 * newer Envoy's flag is shown rather than dropped.
 */
export function responseFlags(value: string | undefined | null): ResponseFlag[] {
  if (!value || value === '-') return [];
  return value
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c.length > 0 && c !== '-')
    .map((c) => BY_CODE.get(c) ?? BY_NAME.get(c) ?? { code: c, name: c, status: null, meaning: `Envoy flag ${c}` });
}

/** Every flag this table knows, in Envoy's order. */
export const RESPONSE_FLAGS: readonly ResponseFlag[] = FLAGS;
