// Which of an edge's 401s and 403s the mesh's security refused, and by which policy (pure).
//
// Istio's metrics cannot tell them apart: an AuthorizationPolicy's 403 and an application's own 403 both carry
// response_code="403", response_flags="-" (Envoy's RBAC filter sends a local reply without a flag), and so do a JWT
// 401 and an application's 401. The refusing proxy's access log can: Envoy writes %RESPONSE_CODE_DETAILS% as
// `rbac_access_denied_matched_policy[ns[<ns>]-policy[<name>]-rule[<i>]]` (a DENY rule matched) or `…[none]` (no ALLOW
// policy matched) for the RBAC filter, and `jwt_authn_access_denied{<reason>}` for the JWT filter, while a reply the
// application wrote says `via_upstream` (envoy docs: "Response code details"; Istio's default access-log format
// carries the field). So the graph counts a refusal only as far as the refusing proxy's log confirms it: per proxy
// (and, at a gateway, per route) the share of the window's 401 and 403 lines the filters wrote, applied to the rate
// the metrics give. A proxy whose log cannot be read confirms nothing: its 4xx stay plain 4xx.
import type { AccessLogFields } from '../../lib/api/logs.js';
import type { Sample } from '../sources/prometheus.js';
import { causeOfDetails, type DenialCause } from '../telemetry/access-log/denial-details.js';

/** The causes an edge names: ext_authz's refusals carry the UAEX flag and are counted as errors, not here. */
export type EdgeCause = DenialCause & { kind: 'deny-rule' | 'no-allow' | 'jwt' };

/** One proxy's 401 and 403 log lines in the window, by what wrote them. */
export interface ProxyDenials {
  /** Lines per code ('401', '403'). */
  lines: Record<string, number>;
  /** Lines per code and cause (causeKey → count), written by the RBAC or JWT filter. */
  causes: Record<string, Map<string, { cause: EdgeCause; count: number }>>;
}

/** The proxy that refused: a server sidecar (host null) or a gateway for one route's host. */
export interface RefusingProxy {
  namespace: string;
  workload: string;
  host: string | null;
}

export const denialKey = (p: RefusingProxy) => `${p.namespace}/${p.workload}/${p.host ?? ''}`;

/** Evidence by denialKey. */
export type DenialEvidence = ReadonlyMap<string, ProxyDenials>;

const REFUSAL_CODES = new Set(['401', '403']);
const known = (v: string | undefined) => (v && v !== 'unknown' ? v : null);

/**
 * The proxy that would have refused a sample's requests, if they are 401/403 without a response flag: the server's
 * sidecar (reporter destination), or the caller's proxy when no workload answered (a gateway's own refusal: only the
 * gateway reports it, with destination_workload "unknown").
 */
export function refusingProxyOf(m: Record<string, string>): RefusingProxy | null {
  if (!REFUSAL_CODES.has(m['response_code'] ?? '') || (m['response_flags'] || '-') !== '-') return null;
  const dstNs = known(m['destination_workload_namespace']);
  const dst = known(m['destination_workload']);
  if (dstNs && dst) return m['reporter'] === 'destination' ? { namespace: dstNs, workload: dst, host: null } : null;
  const srcNs = known(m['source_workload_namespace']);
  const src = known(m['source_workload']);
  const host = known(m['destination_service']);
  if (m['reporter'] === 'source' && srcNs && src && host) return { namespace: srcNs, workload: src, host };
  return null;
}

/** The distinct proxies whose logs can confirm the answers' refusals, busiest first, at most `max`. */
export function refusingProxies(samples: readonly Sample[], max: number): RefusingProxy[] {
  const found = new Map<string, { proxy: RefusingProxy; rps: number }>();
  for (const s of samples) {
    if (!(s.value > 0)) continue;
    const proxy = refusingProxyOf(s.metric);
    if (!proxy) continue;
    const key = denialKey(proxy);
    const f = found.get(key);
    if (f) f.rps += s.value;
    else found.set(key, { proxy, rps: s.value });
  }
  return [...found.values()]
    .sort((a, b) => b.rps - a.rps)
    .slice(0, max)
    .map((f) => f.proxy);
}

const causeKey = (c: EdgeCause) => `${c.kind}|${c.namespace ?? ''}|${c.name ?? ''}|${c.rule ?? ''}|${c.reason ?? ''}`;

/** The details value of a parsed line, whatever the format calls it (TEXT's RESPONSE_CODE_DETAILS, JSON's key). */
function detailsOf(fields: AccessLogFields): string {
  const all = fields.all;
  return all['RESPONSE_CODE_DETAILS'] ?? all['response_code_details'] ?? '';
}

/** The host of an outbound cluster name `outbound|80||sa-frontend.default.svc.cluster.local`. */
const hostOfCluster = (cluster: string | null) => (cluster?.startsWith('outbound|') ? cluster.split('|')[3] : null);

/**
 * Folds one proxy's parsed access-log lines into evidence. For a gateway (`host` set) only the lines of that route's
 * cluster count; a refused request there names the route's cluster with no upstream host.
 */
export function tallyDenialLines(lines: Iterable<AccessLogFields>, host: string | null): ProxyDenials {
  const out: ProxyDenials = { lines: {}, causes: {} };
  for (const f of lines) {
    const code = f.responseCode === null ? '' : String(f.responseCode);
    if (!REFUSAL_CODES.has(code) || f.responseFlags.length > 0) continue;
    if (host !== null && hostOfCluster(f.upstreamCluster) !== host) continue;
    out.lines[code] = (out.lines[code] ?? 0) + 1;
    const cause = causeOfDetails(detailsOf(f));
    // ext_authz's refusals carry the UAEX flag, so they never get here; the graph names only RBAC and JWT causes.
    if (!cause || cause.kind === 'external') continue;
    const edgeCause: EdgeCause = { ...cause, kind: cause.kind };
    const byCause = (out.causes[code] ??= new Map());
    const key = causeKey(edgeCause);
    const c = byCause.get(key);
    if (c) c.count += 1;
    else byCause.set(key, { cause: edgeCause, count: 1 });
  }
  return out;
}

/** An edge's confirmed refusals: rates by filter and by cause. */
export interface EdgeDenials {
  rbac: number;
  jwt: number;
  causes: { cause: EdgeCause; rps: number }[];
}

export const newDenials = (): EdgeDenials => ({ rbac: 0, jwt: 0, causes: [] });

function addCause(d: EdgeDenials, cause: EdgeCause, rps: number): void {
  const key = causeKey(cause);
  for (const c of d.causes)
    if (causeKey(c.cause) === key) {
      c.rps += rps;
      return;
    }
  d.causes.push({ cause, rps });
}

export function mergeDenials(into: EdgeDenials, from: EdgeDenials): void {
  into.rbac += from.rbac;
  into.jwt += from.jwt;
  for (const c of from.causes) addCause(into, c.cause, c.rps);
}

/**
 * Adds the refusals behind `rps` requests of one code refused (as far as the metrics say) by `proxy`: each cause's
 * share of that proxy's lines of the code.
 */
export function addConfirmed(d: EdgeDenials, evidence: ProxyDenials | undefined, code: string, rps: number): void {
  const lines = evidence?.lines[code] ?? 0;
  const causes = evidence?.causes[code];
  if (!causes || lines === 0) return;
  for (const { cause, count } of causes.values()) {
    const share = (rps * count) / lines;
    if (cause.kind === 'jwt') d.jwt += share;
    else d.rbac += share;
    addCause(d, cause, share);
  }
}
