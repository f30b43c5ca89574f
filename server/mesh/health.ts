// Kiali's health rules (business/health_calculator.go, models/health.go; see reference/istio-metrics.md §4), as pure
// functions: workload status from replicas, request status from error ratios against tolerances.
import type { Health, HealthStatus } from '../../lib/api/health.js';
import type { Tolerance } from '../config.js';

/** Requests per second of one protocol and one (normalised) code: HTTP code, gRPC status, or '-' for no response. */
export interface CodeRate {
  protocol: string; // http, grpc
  code: string;
  rps: number;
}

export interface RequestTraffic {
  inbound: CodeRate[];
  outbound: CodeRate[];
}

export interface Replicas {
  desired: number;
  /** Pods that exist and have not finished (Kiali: currentReplicas). */
  current: number;
  /** Pods that are Ready (Kiali: availableReplicas). */
  available: number;
  /** Proxies that acknowledged their config; undefined when unknown. */
  syncedProxies?: number;
}

// Kiali's priorities: the worst status of several wins; NA loses to any known status.
const PRIORITY: Record<HealthStatus, number> = { NA: 0, Healthy: 1, 'Not Ready': 2, Degraded: 3, Failure: 4 };

const worse = (a: HealthStatus, b: HealthStatus): HealthStatus => (PRIORITY[b] > PRIORITY[a] ? b : a);

export function worstStatus(statuses: Iterable<HealthStatus>): HealthStatus {
  let worst: HealthStatus = 'NA';
  for (const status of statuses) worst = worse(worst, status);
  return worst;
}

/** Kiali's workload status from its replicas. */
export function workloadStatus(r: Replicas): HealthStatus {
  if (r.desired === 0) return 'Not Ready';
  if (r.available === 0) return 'Failure';
  // All wanted pods are up, but more pods exist than wanted: the new ones are pending (a stuck rollout).
  if (r.available === r.desired && r.current !== r.desired) return 'Failure';
  if (r.available < r.desired || r.current < r.desired) return 'Degraded';
  if (r.syncedProxies !== undefined && r.syncedProxies < r.desired) return 'Degraded';
  return 'Healthy';
}

/**
 * The code of one Istio sample as Kiali's health reads it: response_code "0" means no response ("-"); for gRPC the
 * grpc_response_status replaces the HTTP code when the proxy recorded one.
 */
export function normaliseCode(protocol: string, responseCode: string, grpcStatus: string | undefined): string {
  if (protocol === 'grpc' && grpcStatus) return grpcStatus;
  return responseCode === '0' ? '-' : responseCode;
}

export interface CompiledTolerance {
  code: RegExp;
  protocol: RegExp;
  direction: RegExp;
  degraded: number;
  failure: number;
}

/** Compiled once per configuration: `X` in a code pattern means any digit, as Kiali reads it. */
export function compileTolerances(tolerances: readonly Tolerance[]): CompiledTolerance[] {
  return tolerances.map((t) => ({
    code: new RegExp(t.code.replace(/X/g, '\\d')),
    protocol: new RegExp(t.protocol),
    direction: new RegExp(t.direction),
    degraded: t.degraded,
    failure: t.failure,
  }));
}

export const RATE_ANNOTATION = 'health.kiali.io/rate';

/**
 * Kiali's per-object tolerances: `<code>,<degraded>,<failure>,<protocol>,<direction>` rules joined by `;`, e.g.
 * "5XX,5,10,http,inbound;4XX,30,50,http,.*". null when absent or unreadable (the configured tolerances then apply).
 */
export function tolerancesFromAnnotation(value: string | undefined): CompiledTolerance[] | null {
  if (!value) return null;
  const rules: Tolerance[] = [];
  for (const rule of value.split(';')) {
    if (!rule.trim()) continue;
    const [code, degraded, failure, protocol, direction] = rule.split(',').map((part) => part.trim());
    const degradedPercent = Number(degraded);
    const failurePercent = Number(failure);
    if (!code || !Number.isFinite(degradedPercent) || !Number.isFinite(failurePercent)) return null;
    rules.push({
      code,
      degraded: degradedPercent,
      failure: failurePercent,
      protocol: protocol || 'http|grpc',
      direction: direction || '.*',
    });
  }
  try {
    return rules.length > 0 ? compileTolerances(rules) : null;
  } catch {
    return null; // a bad regular expression: Kiali ignores the annotation too
  }
}

function statusOfRatio(percent: number, degraded: number, failure: number): HealthStatus {
  if (percent <= 0) return 'Healthy';
  if (percent >= failure) return 'Failure';
  if (percent >= degraded) return 'Degraded';
  return 'Healthy';
}

// Kiali's fallback when no tolerance is configured: the 4xx+5xx share, ≥10 % Failure, ≥0.1 % Degraded.
const FALLBACK_FAILURE_PERCENT = 10;
const FALLBACK_DEGRADED_PERCENT = 0.1;

const HTTP_ERROR = /^[45]\d\d$/;

/** Whether rates[i] is the first rate of its protocol (a direction has one or two protocols). */
function firstOfProtocol(rates: readonly CodeRate[], i: number): boolean {
  for (let j = 0; j < i; j++) if (rates[j]!.protocol === rates[i]!.protocol) return false;
  return true;
}

function sumOf(rates: readonly CodeRate[], protocol: string, code: RegExp | null): number {
  let sum = 0;
  for (const r of rates) if (r.protocol === protocol && (code === null || code.test(r.code))) sum += r.rps;
  return sum;
}

// Loops without intermediate maps or arrays: the graph asks this for every one of thousands of nodes.
function directionStatus(
  direction: 'inbound' | 'outbound',
  rates: readonly CodeRate[],
  tolerances: CompiledTolerance[],
): HealthStatus {
  let worst: HealthStatus = 'NA';
  for (let i = 0; i < rates.length; i++) {
    if (!firstOfProtocol(rates, i)) continue;
    const protocol = rates[i]!.protocol;
    const total = sumOf(rates, protocol, null);
    if (total <= 0) continue;
    if (tolerances.length === 0) {
      const percent = (sumOf(rates, protocol, HTTP_ERROR) / total) * 100;
      worst = worse(worst, statusOfRatio(percent, FALLBACK_DEGRADED_PERCENT, FALLBACK_FAILURE_PERCENT));
      continue;
    }
    for (const t of tolerances) {
      if (!t.direction.test(direction) || !t.protocol.test(protocol)) continue;
      worst = worse(worst, statusOfRatio((sumOf(rates, protocol, t.code) / total) * 100, t.degraded, t.failure));
    }
  }
  return worst;
}

/** Request status over both directions: the worst of every tolerance × protocol × direction; NA without traffic. */
export function requestStatus(traffic: RequestTraffic, tolerances: CompiledTolerance[]): HealthStatus {
  return worse(
    directionStatus('inbound', traffic.inbound, tolerances),
    directionStatus('outbound', traffic.outbound, tolerances),
  );
}

const isError = (r: CodeRate) =>
  r.code === '-' ||
  (r.protocol === 'grpc' ? /^([1-9]|1[0-6])$/.test(r.code) || /^5\d\d$/.test(r.code) : /^5\d\d$/.test(r.code));

/** The figures the lists show: total rps, the share of errors (5xx, no response, gRPC non-OK) and of 4xx, as 0..1. */
export function requestFigures(traffic: RequestTraffic): Health['requests'] {
  const all = [...traffic.inbound, ...traffic.outbound];
  let total = 0;
  let errors = 0;
  let http4xx = 0;
  for (const r of all) {
    total += r.rps;
    if (isError(r)) errors += r.rps;
    if (/^4\d\d$/.test(r.code)) http4xx += r.rps;
  }
  if (total <= 0) return null;
  return { rps: total, errorRatio: errors / total, http4xxRatio: http4xx / total };
}

/**
 * The status and pods of one entity's health, without the request figures: the graph shows those per direction, and
 * at thousands of nodes the figures were work thrown away.
 */
export function computeStatus(input: {
  traffic: RequestTraffic | null;
  replicas: readonly Replicas[];
  tolerances: CompiledTolerance[];
}): Pick<Health, 'status' | 'pods'> {
  let status: HealthStatus = input.traffic ? requestStatus(input.traffic, input.tolerances) : 'NA';
  let ready = 0;
  let desired = 0;
  for (const r of input.replicas) {
    status = worse(status, workloadStatus(r));
    ready += r.available;
    desired += r.desired;
  }
  return input.replicas.length > 0 ? { status, pods: { ready, desired } } : { status };
}

/** A status with request figures. Written out, not spread: spreads of two shapes made dictionary-mode objects. */
export function healthOf(status: Pick<Health, 'status' | 'pods'>, requests: Health['requests']): Health {
  return status.pods ? { status: status.status, pods: status.pods, requests } : { status: status.status, requests };
}

/**
 * One entity's health: requests (when Prometheus answered) and, for workloads and apps, replicas. When metrics are
 * unavailable the status reflects the pods only and `metricsError` says why.
 */
export function computeHealth(input: {
  traffic: RequestTraffic | null;
  replicas: Replicas[];
  tolerances: CompiledTolerance[];
  metricsError?: string;
}): Health {
  const health = healthOf(computeStatus(input), input.traffic ? requestFigures(input.traffic) : null);
  if (input.metricsError) health.metricsError = input.metricsError;
  return health;
}
