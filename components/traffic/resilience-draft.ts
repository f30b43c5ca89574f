// The resilience form's fields as typed (strings), to and from the contract's ResilienceChange (pure, unit-tested).
// A field left empty removes the setting (null); the change sent holds only the settings that differ from now.
import type { ResilienceChange } from '@/lib/api/traffic-change';

/** One input per setting, by its dotted path in ResilienceChange. */
export const RESILIENCE_FIELDS = {
  timeout: { label: 'Timeout', hint: '2s', number: false },
  'retries.attempts': { label: 'Retry attempts', hint: '3', number: true },
  'retries.perTryTimeout': { label: 'Per-try timeout', hint: '500ms', number: false },
  'retries.retryOn': { label: 'Retry on', hint: '5xx,reset,connect-failure', number: false },
  'circuitBreaker.maxConnections': { label: 'Max connections', hint: '100', number: true },
  'circuitBreaker.http1MaxPendingRequests': { label: 'Max pending requests', hint: '10', number: true },
  'circuitBreaker.http2MaxRequests': { label: 'Max requests', hint: '100', number: true },
  'circuitBreaker.maxRequestsPerConnection': { label: 'Max requests per connection', hint: '1', number: true },
  'outlierDetection.consecutive5xxErrors': { label: 'Eject after consecutive 5xx', hint: '5', number: true },
  'outlierDetection.interval': { label: 'Interval', hint: '10s', number: false },
  'outlierDetection.baseEjectionTime': { label: 'Base ejection time', hint: '30s', number: false },
  'outlierDetection.maxEjectionPercent': { label: 'Max ejection %', hint: '50', number: true },
  'fault.delay.fixedDelay': { label: 'Delay', hint: '2s', number: false },
  'fault.delay.percent': { label: 'Delay: % of requests', hint: '10', number: true },
  'fault.abort.httpStatus': { label: 'Abort with HTTP status', hint: '503', number: true },
  'fault.abort.percent': { label: 'Abort: % of requests', hint: '10', number: true },
} as const;

export type ResilienceField = keyof typeof RESILIENCE_FIELDS;
export type ResilienceDraft = Record<ResilienceField, string>;

/** The settings grouped as the form shows them (and as the contract nests them). */
export const RESILIENCE_GROUPS: { key: keyof ResilienceChange; title: string }[] = [
  { key: 'timeout', title: 'Timeout' },
  { key: 'retries', title: 'Retries' },
  { key: 'circuitBreaker', title: 'Circuit breaker' },
  { key: 'outlierDetection', title: 'Outlier detection' },
  { key: 'fault', title: 'Fault injection (for testing)' },
];

const FIELDS = Object.keys(RESILIENCE_FIELDS) as ResilienceField[];

function read(obj: unknown, path: string): unknown {
  let at: unknown = obj;
  for (const key of path.split('.'))
    at = at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined;
  return at;
}

export function draftOf(current: ResilienceChange | undefined): ResilienceDraft {
  return Object.fromEntries(
    FIELDS.map((f) => {
      const v = read(current, f);
      return [f, v === undefined || v === null ? '' : String(v)];
    }),
  ) as ResilienceDraft;
}

function put(target: Record<string, unknown>, path: string, value: unknown) {
  const keys = path.split('.');
  let at = target;
  for (const key of keys.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>;
  at[keys.at(-1)!] = value;
}

/** The typed value as the contract takes it: a number field sends a number (or what was typed, for the API to refuse). */
function valueOf(field: ResilienceField, text: string): unknown {
  const trimmed = text.trim();
  if (!RESILIENCE_FIELDS[field].number) return trimmed;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : trimmed;
}

/** Every group as the draft spells it: an object of its filled fields, or null when all are empty. */
function groupsOf(draft: ResilienceDraft): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of FIELDS) if (draft[f].trim() !== '') put(out, f, valueOf(f, draft[f]));
  return Object.fromEntries(RESILIENCE_GROUPS.map((g) => [g.key, out[g.key] ?? null]));
}

/** The groups that differ from now: a value sets the group, null removes it. Undefined when nothing changed. */
export function resilienceChangeOf(
  draft: ResilienceDraft,
  current: ResilienceChange | undefined,
): ResilienceChange | undefined {
  const was = groupsOf(draftOf(current));
  const now = groupsOf(draft);
  const changed = RESILIENCE_GROUPS.filter((g) => JSON.stringify(was[g.key]) !== JSON.stringify(now[g.key]));
  if (changed.length === 0) return undefined;
  return Object.fromEntries(changed.map((g) => [g.key, now[g.key]])) as ResilienceChange;
}
