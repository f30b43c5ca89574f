// Prometheus samples as the graph's queries return them, written from a few facts per series.
import type { Sample } from '../../../../server/sources/prometheus.js';

export interface End {
  ns: string;
  workload: string;
  app?: string;
  version?: string;
}

export interface SampleSpec {
  reporter: 'source' | 'destination';
  from: End | null; // null: a caller Istio knows nothing of
  to: End | null; // null: the request reached no workload
  service?: { ns: string; name: string; host?: string };
  protocol?: 'http' | 'grpc' | 'tcp';
  code?: string;
  grpc?: string;
  flags?: string;
  mtls?: boolean;
  /** request_operation, as a Telemetry tagOverride adds it; absent when none applies. */
  operation?: string;
  rps: number;
  extra?: Record<string, string>;
}

function side(prefix: string, end: End | null): Record<string, string> {
  return {
    [`${prefix}_workload`]: end?.workload ?? 'unknown',
    [`${prefix}_workload_namespace`]: end?.ns ?? 'unknown',
    [`${prefix}_canonical_service`]: end ? (end.app ?? end.workload) : 'unknown',
    [`${prefix}_canonical_revision`]: end?.version ?? 'latest',
    [`${prefix}_cluster`]: end ? 'Kubernetes' : 'unknown',
  };
}

export function sample(s: SampleSpec): Sample {
  const svc =
    s.service ?? (s.to ? { ns: s.to.ns, name: s.to.app ?? s.to.workload } : { ns: 'unknown', name: 'unknown' });
  const protocol = s.protocol ?? 'http';
  return {
    metric: {
      reporter: s.reporter,
      ...side('source', s.from),
      ...side('destination', s.to),
      destination_service: svc.host ?? `${svc.name}.${svc.ns}.svc.cluster.local`,
      destination_service_name: svc.name,
      destination_service_namespace: svc.ns,
      request_protocol: protocol,
      response_code: protocol === 'tcp' ? '' : (s.code ?? '200'),
      grpc_response_status: protocol === 'grpc' ? (s.grpc ?? '0') : '',
      response_flags: s.flags ?? '-',
      connection_security_policy: s.reporter === 'source' ? 'unknown' : s.mtls === false ? 'none' : 'mutual_tls',
      ...(s.operation === undefined ? {} : { request_operation: s.operation }),
      ...s.extra,
    },
    value: s.rps,
  };
}
