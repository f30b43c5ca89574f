import type { KubeObject } from '../store/kube-object.js';

// coordination.k8s.io/v1 Lease as kube-apiserver decodes it: acquireTime and renewTime are metav1.MicroTime, which
// decodes with time.Parse(RFC3339Micro) (exactly six fractional digits and a zone) and encodes as
// t.UTC().Format(RFC3339Micro) (apimachinery pkg/apis/meta/v1 micro_time.go). Range rules are ValidateLeaseSpec's
// (pkg/apis/coordination/validation), in istio-schemas.ts's BUILT_IN_SPECS with the other built-in kinds.

export const RFC3339_MICRO = '2006-01-02T15:04:05.000000Z07:00';
const MICRO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}(Z|[+-]\d{2}:\d{2})$/;
const MICRO_FIELDS = ['acquireTime', 'renewTime'] as const;

/** The decoder's refusal of a Lease whose MicroTime fields do not parse, in Go's words; undefined when it decodes. */
export function leaseDecodeError(obj: KubeObject): string | undefined {
  const spec = obj.spec;
  if (!spec || typeof spec !== 'object') return undefined;
  for (const field of MICRO_FIELDS) {
    const value = (spec as Record<string, unknown>)[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string')
      return `json: cannot unmarshal ${typeof value} into Go struct field LeaseSpec.spec.${field} of type string`;
    if (!MICRO_TIME.test(value) || Number.isNaN(Date.parse(value)))
      return `parsing time ${JSON.stringify(value)} as ${JSON.stringify(RFC3339_MICRO)}: cannot parse ${JSON.stringify(value)} as a MicroTime`;
  }
  return undefined;
}

/** A MicroTime as the API server serves it back: UTC, six fractional digits (the input's microseconds kept). */
export function microTimeUtc(value: string): string {
  const micros = value.match(/\.(\d{6})/)?.[1] ?? '000000';
  const iso = new Date(Date.parse(value)).toISOString(); // millisecond precision, UTC
  return `${iso.slice(0, 19)}.${micros}Z`;
}

/** Serves acquireTime and renewTime in UTC, as the real API server re-encodes them. */
export function normalizeLeaseTimes(obj: KubeObject): void {
  const spec = obj.spec as Record<string, unknown> | undefined;
  if (!spec) return;
  for (const field of MICRO_FIELDS) {
    const value = spec[field];
    if (typeof value === 'string') spec[field] = microTimeUtc(value);
  }
}
