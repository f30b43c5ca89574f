// What a log line must never carry: credentials. Pure: values in, values out. Two nets, because an error can carry a
// secret either as a field (a request's options with their headers, as some @kubernetes/client-node versions attached
// to their errors) or inside its text (ApiException's message holds the answer's headers as JSON; a URL holds
// user:password@). Fields are judged by their name, text by the shapes credentials take, and the console's own secrets
// (the session secret, the Prometheus password…) by their value wherever they appear.

export const REDACTED = '[REDACTED]';

// Header and field names whose value is a credential: Authorization and Cookie (RFC 9110 §11.6.2, RFC 6265), the
// tokens of OAuth 2.0 (RFC 6749 §5.1: access_token, refresh_token; OpenID Connect's id_token), passwords, client and
// proxy secrets, API keys, private keys; and the request options that carry them: Node's http.request `auth`
// ("user:password"), the `request` library's `auth: { bearer, pass }` (@kubernetes/client-node 0.x put those options
// on its errors).
const SECRET_NAME =
  /^(?:proxy-)?authorization$|^(?:set-)?cookie$|token|passw(?:or)?d|^pass$|^auth$|bearer|secret|api[-_]?key|private[-_]?key|credential/i;

/** True when a field of this name holds a credential. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

const NAME_IN_TEXT = String.raw`(?:proxy-)?authorization|(?:set-)?cookie|[\w-]*token|[\w-]*passw(?:or)?d|[\w-]*secret|api[-_]?key|[\w-]*private[-_]?key`;

const TEXT_RULES: [RegExp, string][] = [
  // "set-cookie":["a=1","b=2"] (JSON of Node's IncomingHttpHeaders, as ApiException prints them)
  [new RegExp(String.raw`("(?:set-)?cookie"\s*:\s*)\[[^\]]*\]`, 'gi'), `$1["${REDACTED}"]`],
  // "authorization":"Bearer x", 'password': 'x'
  [
    new RegExp(String.raw`(["'](?:${NAME_IN_TEXT})["']\s*[:=]\s*)("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')`, 'gi'),
    `$1"${REDACTED}"`,
  ],
  // Authorization: Bearer x / Cookie: a=1; b=2 (an HTTP header line, up to the end of the line)
  [/\b((?:proxy-)?authorization|(?:set-)?cookie)(\s*:\s*)(?!")[^\r\n]+/gi, `$1$2${REDACTED}`],
  // ?access_token=x&… / password=x (a query, a form, a connection string)
  [new RegExp(String.raw`\b(${NAME_IN_TEXT})=[^&\s"',;]+`, 'gi'), `$1=${REDACTED}`],
  // Bearer and Basic credentials (RFC 6750 §2.1, RFC 7617) wherever they stand
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/-]+=*/g, `$1 ${REDACTED}`],
  // scheme://user:password@host (RFC 3986 §3.2.1: userinfo; "user:password" is deprecated but still sent)
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^/\s@?#]+@/gi, `$1${REDACTED}@`],
  // JSON Web Tokens (RFC 7519: base64url header "eyJ…"): Kubernetes service account tokens, OpenID id_tokens
  [/\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, REDACTED],
];

/** Shorter values are too likely to be ordinary words to be hunted in every line. */
const MIN_KNOWN_SECRET_LENGTH = 8;

export interface Redactor {
  /** The text with every credential it shows replaced by [REDACTED]. */
  text(value: string): string;
  /**
   * A copy of any value safe to log: secret-named fields replaced, strings redacted, errors as
   * {name, message, stack, cause, …their own fields}, Headers and Maps as objects; cycles and depth cut.
   */
  value(value: unknown): unknown;
}

/** A redactor that also hunts these exact values (the console's own secrets from its configuration). */
export function createRedactor(knownSecrets: Iterable<string> = []): Redactor {
  const known = [...new Set([...knownSecrets].filter((s) => s.length >= MIN_KNOWN_SECRET_LENGTH))].sort(
    (a, b) => b.length - a.length, // a secret containing another is replaced whole
  );

  function text(value: string): string {
    let out = value;
    for (const secret of known) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    for (const [pattern, replacement] of TEXT_RULES) out = out.replace(pattern, replacement);
    return out;
  }

  const MAX_DEPTH = 6;
  const MAX_ITEMS = 100;

  function walk(v: unknown, depth: number, seen: WeakSet<object>): unknown {
    if (typeof v === 'string') return text(v);
    if (v === null || typeof v !== 'object') {
      if (typeof v === 'bigint') return v.toString();
      if (typeof v === 'function' || typeof v === 'symbol') return undefined;
      return v;
    }
    if (seen.has(v)) return '[Circular]';
    if (depth >= MAX_DEPTH) return '[Truncated]';
    seen.add(v);
    try {
      if (v instanceof Error) return errorFields(v, depth, seen);
      if (v instanceof Date) return v.toISOString();
      if (Buffer.isBuffer(v) || ArrayBuffer.isView(v)) return `[${v.byteLength} bytes]`;
      if (typeof Headers !== 'undefined' && v instanceof Headers) return entries([...v.entries()], depth, seen);
      if (v instanceof Map)
        return entries(
          [...v.entries()].map(([k, x]) => [String(k), x]),
          depth,
          seen,
        );
      if (v instanceof Set) return walk([...v], depth, seen);
      if (Array.isArray(v)) {
        const items = v.slice(0, MAX_ITEMS).map((x) => walk(x, depth + 1, seen));
        if (v.length > MAX_ITEMS) items.push(`[${v.length - MAX_ITEMS} more]`);
        return items;
      }
      return entries(Object.entries(v), depth, seen);
    } finally {
      seen.delete(v); // a value seen twice side by side is not a cycle
    }
  }

  function entries(list: [string, unknown][], depth: number, seen: WeakSet<object>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, x] of list.slice(0, MAX_ITEMS)) {
      if (isSecretName(key)) out[key] = REDACTED;
      else {
        const kept = walk(x, depth + 1, seen);
        if (kept !== undefined) out[key] = kept;
      }
    }
    return out;
  }

  function errorFields(err: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
    const out: Record<string, unknown> = { name: err.name, message: text(err.message) };
    if (err.stack) out['stack'] = text(err.stack);
    // Own fields (Node's code and syscall, a SourceError's source and reason, and whatever a library attached).
    Object.assign(out, entries(Object.entries(err), depth, seen));
    if (err.cause !== undefined) out['cause'] = walk(err.cause, depth + 1, seen);
    return out;
  }

  return { text, value: (v) => walk(v, 0, new WeakSet()) };
}
