// The few aggregated Prometheus queries behind health, and their results turned into per-entity code rates. One
// query answers for every workload of a namespace (or of the mesh); the split happens inside Prometheus (`sum by`).
import type { Sample } from '../sources/prometheus.js';
import { normaliseCode, type CodeRate } from './health.js';

const CODE_LABELS = 'request_protocol, response_code, grpc_response_status';

function namespaceMatcher(label: string, namespace: string | null): string {
  return namespace === null ? `${label}!=""` : `${label}=${JSON.stringify(namespace)}`;
}

/** What a traffic query splits by: each workload (with its app), or only each app (the overview needs no more). */
export type TrafficGrain = 'workload' | 'app';

function groupLabels(side: 'source' | 'destination', grain: TrafficGrain): string {
  const labels = [`${side}_workload_namespace`, `${side}_canonical_service`];
  if (grain === 'workload') labels.splice(1, 0, `${side}_workload`);
  return labels.join(', ');
}

/**
 * Requests into the workloads (and apps) of a namespace, or of every namespace when null. No reporter filter: the
 * source- and destination-reported counts are merged per code as Kiali does (the larger wins), so requests that a
 * caller saw fail before the server's proxy logged them still count.
 */
export function inboundQuery(namespace: string | null, window: string, grain: TrafficGrain = 'workload'): string {
  return (
    `sum by (${groupLabels('destination', grain)}, reporter, ${CODE_LABELS}) ` +
    `(rate(istio_requests_total{${namespaceMatcher('destination_workload_namespace', namespace)}}[${window}])) > 0`
  );
}

// Outbound health uses the caller's own report only (Kiali: reporter="source").
export function outboundQuery(namespace: string | null, window: string, grain: TrafficGrain = 'workload'): string {
  return (
    `sum by (${groupLabels('source', grain)}, ${CODE_LABELS}) ` +
    `(rate(istio_requests_total{reporter="source",${namespaceMatcher('source_workload_namespace', namespace)}}[${window}])) > 0`
  );
}

/** Requests aimed at the services of a namespace, both reporters (merged like inbound). */
export function serviceInboundQuery(namespace: string, window: string): string {
  return (
    `sum by (destination_service_namespace, destination_service_name, reporter, ${CODE_LABELS}) ` +
    `(rate(istio_requests_total{${namespaceMatcher('destination_service_namespace', namespace)}}[${window}])) > 0`
  );
}

/** Requests per second into each namespace's workloads, for the overview's sparkline. */
export function namespaceTrafficQuery(step: string): string {
  return `sum by (destination_workload_namespace) (rate(istio_requests_total{reporter="destination"}[${step}]))`;
}

export type CodeRatesByEntity = Map<string, CodeRate[]>;

export const entityKey = (namespace: string, name: string) => `${namespace}/${name}`;

function add(
  map: Map<string, Map<string, number>>,
  entity: string,
  rateKey: string,
  rps: number,
  merge: 'sum' | 'max',
) {
  let rates = map.get(entity);
  if (!rates) map.set(entity, (rates = new Map()));
  const before = rates.get(rateKey) ?? 0;
  rates.set(rateKey, merge === 'sum' ? before + rps : Math.max(before, rps));
}

/**
 * Code rates per entity (`namespace/name`), from samples of the queries above. `by` names the namespace and name
 * labels. With `mergeReporters`, the samples of each reporter are summed apart and then the larger per code is kept.
 */
export function codeRatesByEntity(
  samples: readonly Sample[],
  by: { namespace: string; name: string },
  mergeReporters: boolean,
): CodeRatesByEntity {
  // entity → "reporter|protocol|code" → rps, summed over the labels the entity key drops (e.g. the workloads of an app)
  const perReporter = new Map<string, Map<string, number>>();
  for (const s of samples) {
    const m = s.metric;
    const namespace = m[by.namespace];
    const name = m[by.name];
    if (!namespace || !name || name === 'unknown' || !Number.isFinite(s.value)) continue;
    const protocol = m['request_protocol'] ?? 'http';
    const code = normaliseCode(protocol, m['response_code'] ?? '', m['grpc_response_status']);
    const reporter = mergeReporters ? (m['reporter'] ?? '') : '';
    add(perReporter, entityKey(namespace, name), `${reporter}|${protocol}|${code}`, s.value, 'sum');
  }
  const result: CodeRatesByEntity = new Map();
  for (const [entity, rates] of perReporter) {
    const merged = new Map<string, Map<string, number>>();
    for (const [key, rps] of rates) {
      const rateKey = key.slice(key.indexOf('|') + 1);
      add(merged, entity, rateKey, rps, 'max');
    }
    result.set(
      entity,
      [...(merged.get(entity) ?? new Map<string, number>())].map(([rateKey, rps]) => {
        const [protocol, code] = rateKey.split('|') as [string, string];
        return { protocol, code, rps };
      }),
    );
  }
  return result;
}

/** Sums the code rates of several entities (e.g. an app's workloads), per protocol and code. */
export function sumCodeRates(lists: readonly (CodeRate[] | undefined)[]): CodeRate[] {
  const byKey = new Map<string, CodeRate>();
  for (const list of lists) {
    for (const r of list ?? []) {
      const key = `${r.protocol}|${r.code}`;
      const found = byKey.get(key);
      if (found) found.rps += r.rps;
      else byKey.set(key, { ...r });
    }
  }
  return [...byKey.values()];
}

export interface NamespaceTraffic {
  workloadsIn: CodeRatesByEntity;
  workloadsOut: CodeRatesByEntity;
  appsIn: CodeRatesByEntity;
  appsOut: CodeRatesByEntity;
  servicesIn: CodeRatesByEntity;
}

/**
 * The traffic of the lists from the answers to inboundQuery, outboundQuery and serviceInboundQuery. At the `app`
 * grain (the whole mesh, for the overview) the workloads' maps are empty: those queries did not split by workload.
 */
export function namespaceTraffic(
  answers: { inbound: Sample[]; outbound: Sample[]; services: Sample[] },
  grain: TrafficGrain,
): NamespaceTraffic {
  const { inbound, outbound, services } = answers;
  const byWorkload = grain === 'workload';
  const none: CodeRatesByEntity = new Map();
  return {
    workloadsIn: byWorkload
      ? codeRatesByEntity(inbound, { namespace: 'destination_workload_namespace', name: 'destination_workload' }, true)
      : none,
    workloadsOut: byWorkload
      ? codeRatesByEntity(outbound, { namespace: 'source_workload_namespace', name: 'source_workload' }, false)
      : none,
    appsIn: codeRatesByEntity(
      inbound,
      { namespace: 'destination_workload_namespace', name: 'destination_canonical_service' },
      true,
    ),
    appsOut: codeRatesByEntity(
      outbound,
      { namespace: 'source_workload_namespace', name: 'source_canonical_service' },
      false,
    ),
    servicesIn: codeRatesByEntity(
      services,
      { namespace: 'destination_service_namespace', name: 'destination_service_name' },
      true,
    ),
  };
}
