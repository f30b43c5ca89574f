import { envoyDuration, fractionalPercent, isRecord, shared, typed, type EnvoyJson } from './envoy-json.js';

// The parts of an Envoy route that come from a VirtualService http route's policies rather than its match or
// destination: retries, faults, mirroring and header changes.

const DEFAULT_RETRY_ON = 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes';

/** Istio's retry policy when a VirtualService says nothing: 2 retries on connection-level failures and 503. */
export const DEFAULT_RETRY_POLICY = shared({
  retry_on: DEFAULT_RETRY_ON,
  num_retries: 2,
  retry_host_predicate: [
    {
      name: 'envoy.retry_host_predicates.previous_hosts',
      typed_config: typed('envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate'),
    },
  ],
  host_selection_retry_max_attempts: '5',
  retriable_status_codes: [503],
});

export function retryPolicy(retries: unknown): EnvoyJson | undefined {
  if (!isRecord(retries)) return DEFAULT_RETRY_POLICY;
  if (retries.attempts === 0) return undefined;
  const policy: EnvoyJson = { ...DEFAULT_RETRY_POLICY };
  if (typeof retries.attempts === 'number') policy.num_retries = retries.attempts;
  if (typeof retries.retryOn === 'string' && retries.retryOn.trim()) {
    const parts = retries.retryOn.split(',').map((p) => p.trim());
    const codes = parts.filter((p) => /^\d{3}$/.test(p)).map(Number);
    const conditions = parts.filter((p) => !/^\d{3}$/.test(p));
    if (codes.length > 0 && !conditions.includes('retriable-status-codes')) conditions.push('retriable-status-codes');
    policy.retry_on = conditions.join(',');
    if (codes.length > 0) policy.retriable_status_codes = codes;
    else delete policy.retriable_status_codes;
  }
  const perTry = envoyDuration(retries.perTryTimeout);
  if (perTry) policy.per_try_timeout = perTry;
  return policy;
}

export function faultConfig(fault: unknown): EnvoyJson | undefined {
  if (!isRecord(fault)) return undefined;
  const percent = (f: Record<string, unknown>) =>
    fractionalPercent(
      isRecord(f.percentage) && typeof f.percentage.value === 'number'
        ? f.percentage.value
        : typeof f.percent === 'number'
          ? f.percent
          : 100,
    );
  const out: EnvoyJson = {};
  if (isRecord(fault.delay)) {
    const fixed = envoyDuration(fault.delay.fixedDelay);
    if (fixed) out.delay = { fixed_delay: fixed, percentage: percent(fault.delay) };
  }
  if (isRecord(fault.abort)) {
    const abort: EnvoyJson = { percentage: percent(fault.abort) };
    if (typeof fault.abort.httpStatus === 'number') abort.http_status = fault.abort.httpStatus;
    else if (typeof fault.abort.grpcStatus === 'string') abort.grpc_status = grpcCode(fault.abort.grpcStatus);
    out.abort = abort;
  }
  return Object.keys(out).length > 0 ? typed('envoy.extensions.filters.http.fault.v3.HTTPFault', out) : undefined;
}

const GRPC_CODES = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
];
const grpcCode = (name: string) => Math.max(0, GRPC_CODES.indexOf(name));

export const REDIRECT_CODES: Record<number, string> = {
  301: 'MOVED_PERMANENTLY',
  302: 'FOUND',
  303: 'SEE_OTHER',
  307: 'TEMPORARY_REDIRECT',
  308: 'PERMANENT_REDIRECT',
};

export function headerOps(ops: unknown, target: EnvoyJson, direction: 'request' | 'response'): void {
  if (!isRecord(ops)) return;
  const add: EnvoyJson[] = [];
  for (const [key, value] of Object.entries(isRecord(ops.set) ? ops.set : {})) {
    add.push({ header: { key, value: String(value) }, append_action: 'OVERWRITE_IF_EXISTS_OR_ADD' });
  }
  for (const [key, value] of Object.entries(isRecord(ops.add) ? ops.add : {})) {
    add.push({ header: { key, value: String(value) }, append_action: 'APPEND_IF_EXISTS_OR_ADD' });
  }
  if (add.length > 0) target[`${direction}_headers_to_add`] = add;
  if (Array.isArray(ops.remove) && ops.remove.length > 0) target[`${direction}_headers_to_remove`] = ops.remove;
}

/** request_mirror_policies from mirror/mirrorPercentage and the newer mirrors list; `clusterOf` names the destination. */
export function mirrorPolicies(
  http: Record<string, unknown>,
  clusterOf: (destination: unknown) => string,
): EnvoyJson[] {
  const entries: { destination: unknown; percent: number }[] = [];
  if (isRecord(http.mirror)) {
    const pct =
      isRecord(http.mirrorPercentage) && typeof http.mirrorPercentage.value === 'number'
        ? http.mirrorPercentage.value
        : 100;
    entries.push({ destination: http.mirror, percent: pct });
  }
  for (const m of Array.isArray(http.mirrors) ? (http.mirrors as Record<string, unknown>[]) : []) {
    const pct = isRecord(m?.percentage) && typeof m.percentage.value === 'number' ? m.percentage.value : 100;
    entries.push({ destination: m?.destination, percent: pct });
  }
  return entries.map((e) => ({
    cluster: clusterOf(e.destination),
    runtime_fraction: { default_value: fractionalPercent(e.percent) },
    trace_sampled: false,
  }));
}

/** The route Istio adds for a service no VirtualService routes: everything to the service's own cluster. */
