// Istio's HTTP route semantics that the traffic model and its tests share: matching a request against a
// VirtualService http route, durations, percentages, and retry conditions.

export interface RequestFacts {
  method: string;
  path: string;
  authority: string;
  port: number;
  headers: Record<string, string>;
}

interface StringMatch {
  exact?: string;
  prefix?: string;
  regex?: string;
}

interface HttpMatchRequest {
  uri?: StringMatch;
  method?: StringMatch;
  authority?: StringMatch;
  headers?: Record<string, StringMatch>;
  withoutHeaders?: Record<string, StringMatch>;
  port?: number;
  ignoreUriCase?: boolean;
}

const regexCache = new Map<string, RegExp>();

// Envoy's safe_regex is RE2 with full-match semantics: the whole value must match.
function fullMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const key = (ignoreCase ? 'i:' : ':') + pattern;
  let re = regexCache.get(key);
  if (!re) {
    try {
      re = new RegExp(`^(?:${pattern})$`, ignoreCase ? 'i' : '');
    } catch {
      re = /$^/; // an invalid pattern matches nothing, as istiod rejects the route
    }
    regexCache.set(key, re);
  }
  return re.test(value);
}

function matchString(m: StringMatch | undefined, value: string | undefined, ignoreCase = false): boolean {
  if (!m) return true;
  if (value === undefined) return false;
  const v = ignoreCase ? value.toLowerCase() : value;
  if (m.exact !== undefined) return v === (ignoreCase ? m.exact.toLowerCase() : m.exact);
  if (m.prefix !== undefined) return v.startsWith(ignoreCase ? m.prefix.toLowerCase() : m.prefix);
  if (m.regex !== undefined) return fullMatch(m.regex, value, ignoreCase);
  return true; // an empty match object matches presence
}

function matchOne(m: HttpMatchRequest, req: RequestFacts): boolean {
  if (m.port !== undefined && m.port !== req.port) return false;
  // The URI match ignores the query string, as Envoy's path matching does.
  const path = req.path.split('?')[0]!;
  if (!matchString(m.uri, path, m.ignoreUriCase)) return false;
  if (!matchString(m.method, req.method)) return false;
  if (!matchString(m.authority, req.authority)) return false;
  for (const [name, hm] of Object.entries(m.headers ?? {})) {
    if (!matchString(hm, req.headers[name.toLowerCase()])) return false;
  }
  for (const [name, hm] of Object.entries(m.withoutHeaders ?? {})) {
    const value = req.headers[name.toLowerCase()];
    if (value !== undefined && matchString(hm, value)) return false;
  }
  return true;
}

/** An http route matches when it has no match list, or when any of its match blocks matches (OR of ANDs). */
export function matchesHttpRoute(matches: HttpMatchRequest[] | undefined, req: RequestFacts): boolean {
  if (!matches || matches.length === 0) return true;
  return matches.some((m) => matchOne(m, req));
}

/** Istio durations: '1.5s', '100ms', '1m', '2h', '500us'. Undefined for anything else. */
export function parseDurationMs(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d+(?:\.\d+)?)(h|m|s|ms|us|µs|ns)$/.exec(value.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const factor: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1, us: 0.001, µs: 0.001, ns: 1e-6 };
  return n * factor[m[2]!]!;
}

/** A fault or mirror percentage: `percentage.value` (0–100, fractional), or the deprecated integer `percent`. */
export function percentageOf(
  spec: { percentage?: { value?: number }; percent?: number } | undefined,
  fallback: number,
): number {
  if (!spec) return fallback;
  if (spec.percentage && typeof spec.percentage.value === 'number') return spec.percentage.value;
  if (typeof spec.percent === 'number') return spec.percent;
  return fallback;
}

export interface RetryPolicy {
  attempts: number; // retries after the first try
  perTryTimeoutMs?: number;
  retryOn: Set<string>;
  retriableCodes: Set<number>;
}

// Istio's default for every HTTP route without a retries block (pilot's DefaultRetryPolicy).
export const ISTIO_DEFAULT_RETRY: RetryPolicy = {
  attempts: 2,
  retryOn: new Set(['connect-failure', 'refused-stream', 'unavailable', 'cancelled', 'retriable-status-codes']),
  retriableCodes: new Set([503]),
};

export function retryPolicyOf(
  retries: { attempts?: number; perTryTimeout?: string; retryOn?: string } | undefined,
): RetryPolicy {
  if (!retries) return ISTIO_DEFAULT_RETRY;
  const retryOn = new Set<string>();
  const retriableCodes = new Set<number>();
  for (const item of (
    retries.retryOn ?? 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes'
  ).split(',')) {
    const token = item.trim();
    if (/^\d{3}$/.test(token)) {
      retriableCodes.add(Number(token));
      retryOn.add('retriable-status-codes');
    } else if (token) retryOn.add(token);
  }
  if (retryOn.has('retriable-status-codes') && retriableCodes.size === 0) retriableCodes.add(503);
  return {
    attempts: retries.attempts ?? 2,
    perTryTimeoutMs: parseDurationMs(retries.perTryTimeout),
    retryOn,
    retriableCodes,
  };
}

/** Whether Envoy's router retries an attempt that ended with this code (0 = reset) under this policy. */
export function shouldRetry(policy: RetryPolicy, code: number, connectFailure: boolean): boolean {
  const on = policy.retryOn;
  if (connectFailure) return on.has('connect-failure') || on.has('5xx') || on.has('gateway-error') || on.has('reset');
  if (code === 0) return on.has('reset') || on.has('5xx');
  if (code >= 500 && on.has('5xx')) return true;
  if ((code === 502 || code === 503 || code === 504) && on.has('gateway-error')) return true;
  if (code === 409 && on.has('retriable-4xx')) return true;
  return on.has('retriable-status-codes') && policy.retriableCodes.has(code);
}
