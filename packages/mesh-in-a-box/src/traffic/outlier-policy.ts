import { parseDurationMs } from './istio-route.js';

/**
 * A DestinationRule's outlierDetection as Envoy applies it to one cluster. Istio passes on only the fields the rule
 * sets, so Envoy's defaults fill the rest: eject after 5 consecutive 5xx (0 turns it off), gateway errors only when
 * set, base ejection 30 s, at most 10 % of the hosts, never longer than 300 s. One per destination, shared by its hops.
 */
export interface OutlierPolicy {
  consecutive5xx: number | undefined;
  consecutiveGatewayErrors: number | undefined;
  baseEjectionMs: number;
  maxEjectionPercent: number;
  /** Envoy's max_ejection_time default: an ejection never lasts longer than this. */
  maxEjectionMs: number;
  /** Hosts in the cluster, against which maxEjectionPercent is counted. */
  hosts: number;
}

export function outlierPolicyOf(value: unknown, hosts: number): OutlierPolicy | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const spec = value as Record<string, unknown>;
  const positive = (n: unknown) => (typeof n === 'number' && n > 0 ? n : undefined);
  const baseEjectionMs = parseDurationMs(spec.baseEjectionTime) ?? 30_000;
  return {
    consecutive5xx: typeof spec.consecutive5xxErrors === 'number' ? positive(spec.consecutive5xxErrors) : 5,
    consecutiveGatewayErrors: positive(spec.consecutiveGatewayErrors),
    baseEjectionMs,
    maxEjectionPercent: positive(spec.maxEjectionPercent) ?? 10,
    maxEjectionMs: Math.max(300_000, baseEjectionMs),
    hosts,
  };
}
