// Istio's Telemetry API, as far as request_operation goes: which of a proxy's metrics carry the tag, and how its value
// is computed from the request. Standard metrics have no operation; an operator adds one with a tagOverride, e.g.
//   spec.metrics[].overrides[]: { match: { metric: REQUEST_COUNT, mode: SERVER },
//                                 tagOverrides: { request_operation: { value: request.url_path } } }
// Resolution follows istiod (pilot/pkg/model/telemetry.go): the root namespace's Telemetry without a selector, then
// the workload namespace's without a selector, then the ones in that namespace whose selector matches the pod; a
// later override of the same metric and mode replaces an earlier one (UPSERT) or drops the tag (REMOVE).
import type { KubeObject } from '../store/kube-object.js';
import type { Hop } from '../traffic/hop.js';

export const ROOT_NAMESPACE = 'istio-system';

/** The value of request_operation for one request. */
export type OperationOf = (hop: Hop) => string;

/** The HTTP metrics of a proxy that may carry the tag, and how each computes it. */
export interface MetricOperations {
  requests?: OperationOf; // istio_requests_total (REQUEST_COUNT)
  duration?: OperationOf; // istio_request_duration_milliseconds (REQUEST_DURATION)
  requestBytes?: OperationOf; // istio_request_bytes (REQUEST_SIZE)
  responseBytes?: OperationOf; // istio_response_bytes (RESPONSE_SIZE)
}

/** Per reporting side of a proxy: `client` for reporter="source", `server` for reporter="destination". */
export interface OperationTags {
  client?: MetricOperations;
  server?: MetricOperations;
}

type MetricKey = keyof MetricOperations;
const METRICS: Record<string, MetricKey[]> = {
  ALL_METRICS: ['requests', 'duration', 'requestBytes', 'responseBytes'],
  REQUEST_COUNT: ['requests'],
  REQUEST_DURATION: ['duration'],
  REQUEST_SIZE: ['requestBytes'],
  RESPONSE_SIZE: ['responseBytes'],
  // TCP and gRPC message metrics have no request attributes the demo could tag them with.
};
const MODES: Record<string, (keyof OperationTags)[]> = {
  CLIENT_AND_SERVER: ['client', 'server'],
  CLIENT: ['client'],
  SERVER: ['server'],
};

const urlPath = (hop: Hop): string => {
  const q = hop.path.indexOf('?');
  return q < 0 ? hop.path : hop.path.slice(0, q);
};
const EXPRESSIONS: Record<string, OperationOf> = {
  'request.url_path': urlPath, // for gRPC, /package.Service/Method
  'request.method': (hop) => hop.method,
  'request.host': (hop) => hop.authority,
};

/**
 * The function an attribute expression stands for. Istio evaluates CEL over Envoy's attributes; the demo knows the
 * three attributes above and quoted string literals. Any other expression gives null and the tag is left out of the
 * metric (where Istio would write its value, or "unknown" when it fails to evaluate).
 */
export function compileExpression(expression: string): OperationOf | null {
  const e = expression.trim();
  const quote = e[0];
  if (e.length >= 2 && (quote === "'" || quote === '"') && e[e.length - 1] === quote) {
    const literal = e.slice(1, -1);
    if (!literal.includes(quote)) return () => literal;
  }
  return EXPRESSIONS[e] ?? null;
}

interface Override {
  match?: { metric?: string; customMetric?: string; mode?: string };
  tagOverrides?: Record<string, { operation?: string; value?: string }>;
}
interface MetricsSpec {
  providers?: { name: string }[];
  overrides?: Override[];
}

function applyTelemetry(
  into: Record<keyof OperationTags, Partial<Record<MetricKey, OperationOf | null>>>,
  t: KubeObject,
) {
  for (const metrics of (t.spec?.metrics ?? []) as MetricsSpec[]) {
    // The mesh in a box's one metrics provider is Prometheus.
    if (metrics.providers && !metrics.providers.some((p) => p.name === 'prometheus')) continue;
    for (const o of metrics.overrides ?? []) {
      const tag = o.tagOverrides?.['request_operation'];
      if (!tag || o.match?.customMetric) continue;
      const value = tag.operation === 'REMOVE' || tag.value === undefined ? null : compileExpression(tag.value);
      for (const side of MODES[o.match?.mode ?? 'CLIENT_AND_SERVER'] ?? [])
        for (const metric of METRICS[o.match?.metric ?? 'ALL_METRICS'] ?? []) into[side][metric] = value;
    }
  }
}

function matches(labels: Record<string, string>, selector: Record<string, string>): boolean {
  for (const k in selector) if (labels[k] !== selector[k]) return false;
  return true;
}

const selectorOf = (t: KubeObject) => t.spec?.selector?.matchLabels as Record<string, string> | undefined;
const hasSelector = (t: KubeObject) => Object.keys(selectorOf(t) ?? {}).length > 0;
const byName = (a: KubeObject, b: KubeObject) => (a.metadata.name < b.metadata.name ? -1 : 1);

/**
 * The Telemetry objects of the mesh, indexed once, answering per pod. Pods under the same Telemetry objects share one
 * OperationTags object; pods under none get undefined, so their metrics carry no request_operation at all.
 */
export class TelemetryIndex {
  private readonly byNamespace = new Map<string, KubeObject[]>();
  private readonly shared = new Map<string, OperationTags | undefined>();

  constructor(telemetries: readonly KubeObject[]) {
    for (const t of [...telemetries].sort(byName)) {
      const ns = t.metadata.namespace ?? ROOT_NAMESPACE;
      const list = this.byNamespace.get(ns);
      if (list) list.push(t);
      else this.byNamespace.set(ns, [t]);
    }
  }

  tagsFor(namespace: string, labels: Record<string, string>): OperationTags | undefined {
    if (this.byNamespace.size === 0) return undefined;
    const applied: KubeObject[] = [];
    if (namespace !== ROOT_NAMESPACE)
      for (const t of this.byNamespace.get(ROOT_NAMESPACE) ?? []) if (!hasSelector(t)) applied.push(t);
    const own = this.byNamespace.get(namespace) ?? [];
    for (const t of own) if (!hasSelector(t)) applied.push(t);
    for (const t of own) if (hasSelector(t) && matches(labels, selectorOf(t)!)) applied.push(t);
    if (applied.length === 0) return undefined;
    const key = applied.map((t) => `${t.metadata.namespace}/${t.metadata.name}`).join(',');
    if (this.shared.has(key)) return this.shared.get(key);
    const sides: Record<keyof OperationTags, Partial<Record<MetricKey, OperationOf | null>>> = {
      client: {},
      server: {},
    };
    for (const t of applied) applyTelemetry(sides, t);
    const tags: OperationTags = {};
    for (const side of ['client', 'server'] as const) {
      const ops: MetricOperations = {};
      for (const [metric, fn] of Object.entries(sides[side]) as [MetricKey, OperationOf | null][])
        if (fn) ops[metric] = fn;
      if (Object.keys(ops).length > 0) tags[side] = ops;
    }
    const result = tags.client || tags.server ? tags : undefined;
    this.shared.set(key, result);
    return result;
  }
}
