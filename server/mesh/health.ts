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

export function worstStatus(statuses: Iterable<HealthStatus>): HealthStatus {
  let worst: HealthStatus = 'NA';
  for (const status of statuses) if (PRIORITY[status] > PRIORITY[worst]) worst = status;
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

function directionStatus(
  direction: 'inbound' | 'outbound',
  rates: CodeRate[],
  tolerances: CompiledTolerance[],
): HealthStatus {
  const totalByProtocol = new Map<string, number>();
  for (const r of rates) totalByProtocol.set(r.protocol, (totalByProtocol.get(r.protocol) ?? 0) + r.rps);
  const statuses: HealthStatus[] = [];
  if (tolerances.length === 0) {
    for (const [protocol, total] of totalByProtocol) {
      if (total <= 0) continue;
      const errors = rates
        .filter((r) => r.protocol === protocol && /^[45]\d\d$/.test(r.code))
        .reduce((s, r) => s + r.rps, 0);
      statuses.push(statusOfRatio((errors / total) * 100, FALLBACK_DEGRADED_PERCENT, FALLBACK_FAILURE_PERCENT));
    }
    return worstStatus(statuses);
  }
  for (const t of tolerances) {
    if (!t.direction.test(direction)) continue;
    for (const [protocol, total] of totalByProtocol) {
      if (total <= 0 || !t.protocol.test(protocol)) continue;
      let matching = 0;
      for (const r of rates) if (r.protocol === protocol && t.code.test(r.code)) matching += r.rps;
      statuses.push(statusOfRatio((matching / total) * 100, t.degraded, t.failure));
    }
  }
  return worstStatus(statuses);
}

/** Request status over both directions: the worst of every tolerance × protocol × direction; NA without traffic. */
export function requestStatus(traffic: RequestTraffic, tolerances: CompiledTolerance[]): HealthStatus {
  return worstStatus([
    directionStatus('inbound', traffic.inbound, tolerances),
    directionStatus('outbound', traffic.outbound, tolerances),
  ]);
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
 * One entity's health: requests (when Prometheus answered) and, for workloads and apps, replicas. When metrics are
 * unavailable the status reflects the pods only and `metricsError` says why.
 */
export function computeHealth(input: {
  traffic: RequestTraffic | null;
  replicas: Replicas[];
  tolerances: CompiledTolerance[];
  metricsError?: string;
}): Health {
  const statuses: HealthStatus[] = input.replicas.map(workloadStatus);
  let requests: Health['requests'] = null;
  if (input.traffic) {
    statuses.push(requestStatus(input.traffic, input.tolerances));
    requests = requestFigures(input.traffic);
  }
  const health: Health = { status: worstStatus(statuses), requests };
  if (input.replicas.length > 0) {
    health.pods = {
      ready: input.replicas.reduce((s, r) => s + r.available, 0),
      desired: input.replicas.reduce((s, r) => s + r.desired, 0),
    };
  }
  if (input.metricsError) health.metricsError = input.metricsError;
  return health;
}
