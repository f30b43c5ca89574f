// The two Prometheus instant queries of one interval of a run, as Flagger's built-in Istio checks
// (pkg/metrics/observers/istio.go: request-success-rate and request-duration), but each selecting both the canary and
// the baseline of the service, split by destination_version, so the baseline comparison costs no extra query.
// Flagger tells the canary by its workload (X vs X-primary); here both versions sit behind one Service, so the
// version label of the destination workload tells them apart.
import type { CanarySpec } from '../../../lib/api/canary.js';

export interface GateQueries {
  requests: string;
  /** null when no gate reads latency (neither maxP99Ms nor maxDegradationVsBaseline). */
  p99: string | null;
}

/** The label `kind` of the requests query: every request, or only the 5xx ones. */
export const REQUESTS_KIND = { all: 'requests', errors: 'errors' } as const;

// A regex inside a PromQL double-quoted string: the backslash that escapes a regex character is itself escaped.
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\\\$&');
const escapeString = (s: string) => JSON.stringify(s).slice(1, -1);

function selector(service: { namespace: string; name: string }, spec: CanarySpec, extra = ''): string {
  // Both sidecars report each request; reporter="destination" counts it once, as Flagger does.
  return (
    `reporter="destination",destination_service_namespace="${escapeString(service.namespace)}",` +
    `destination_service_name="${escapeString(service.name)}",` +
    `destination_version=~"${escapeRegex(spec.canary)}|${escapeRegex(spec.baseline)}"${extra}`
  );
}

/**
 * Requests and 5xx of both versions in one query: `increase` (counts, not rates: minRequests is a count over the
 * interval) summed by destination_version, the two sums told apart by the label `kind`. Only 5xx is a failure, as in
 * Flagger (4xx is the caller's error; code 0, no response, is not counted by Flagger's query either).
 *   label_replace(sum by (destination_version) (increase(istio_requests_total{…}[30s])), "kind", "requests", "", "")
 *   or label_replace(sum by (destination_version) (increase(istio_requests_total{…,response_code=~"5.."}[30s])), "kind", "errors", "", "")
 */
export function gateQueries(service: { namespace: string; name: string }, spec: CanarySpec): GateQueries {
  const w = spec.interval;
  const count = (extra: string) =>
    `sum by (destination_version) (increase(istio_requests_total{${selector(service, spec, extra)}}[${w}]))`;
  const requests =
    `label_replace(${count('')}, "kind", "${REQUESTS_KIND.all}", "", "")` +
    ` or label_replace(${count(',response_code=~"5.."')}, "kind", "${REQUESTS_KIND.errors}", "", "")`;
  const needsP99 = spec.gates.maxP99Ms !== undefined || spec.gates.maxDegradationVsBaseline !== undefined;
  const p99 = needsP99
    ? `histogram_quantile(0.99, sum by (le, destination_version) ` +
      `(rate(istio_request_duration_milliseconds_bucket{${selector(service, spec)}}[${w}])))`
    : null;
  return { requests, p99 };
}
