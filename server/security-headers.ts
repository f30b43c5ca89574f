// The security headers every response carries, pages, API routes, probes and Next's own files alike. Pure: proxy.ts
// draws the nonce and reads the request, this file turns those facts into headers.

export interface RequestFacts {
  /** A fresh random value per request; Next reads it back from the request's CSP and puts it on its own scripts. */
  nonce: string;
  /** Whether the browser reached the console over https, directly or through a proxy that terminates TLS. */
  https: boolean;
  /** `next dev`: React rebuilds server error stacks in the browser with eval, which production never does. */
  dev: boolean;
}

/** The Content-Security-Policy of one response. */
export function contentSecurityPolicy({ nonce, dev }: Pick<RequestFacts, 'nonce' | 'dev'>): string {
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    // 'strict-dynamic' lets the nonced Next runtime load its chunks and the graph's layout worker; browsers that know
    // it ignore 'self' here, older ones fall back to it. No 'unsafe-inline': an injected <script> has no nonce.
    ['script-src', "'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(dev ? ["'unsafe-eval'"] : [])],
    // The layout worker is a webpack chunk of our own origin (components/graph/layout-worker-client.ts).
    ['worker-src', "'self'"],
    // Tailwind's CSS is a file, but React writes style attributes (recharts sizes its charts, cytoscape its canvas,
    // the virtualised tables their rows' offsets). A nonce cannot cover an attribute, and a nonce in style-src would
    // make browsers ignore 'unsafe-inline', so styles stay open. Styles cannot run code; scripts stay locked.
    ['style-src', "'self'", "'unsafe-inline'"],
    // The icon and the pages' pictures are ours; cytoscape and the exports draw data: URLs.
    ['img-src', "'self'", 'data:'],
    ['font-src', "'self'"],
    // Every panel reads the console's own routes; Prometheus, Jaeger and the cluster are reached by the server only.
    ['connect-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'self'"],
    ['frame-ancestors', "'none'"],
    // The token form posts to /api/auth/login with fetch. OpenID login is a link to /api/auth/openid/start, which
    // redirects to the provider: a navigation, not a form submission, so the provider's origin is not needed here
    // (its own login form is under its own policy), and logout goes to end_session with location.assign.
    ['form-action', "'self'"],
  ];
  return directives.map((words) => words.join(' ')).join('; ');
}

/**
 * Whether the request came over https: its own protocol, or the first hop of X-Forwarded-Proto when a proxy or an
 * ingress terminated TLS. A forged header can only add HSTS to a plain-http answer, which browsers ignore there.
 */
export function servedOverHttps({ protocol, forwardedProto }: { protocol: string; forwardedProto: string | null }) {
  const client = forwardedProto?.split(',')[0]?.trim().toLowerCase();
  return client ? client === 'https' : protocol.replace(/:$/, '').toLowerCase() === 'https';
}

/** Every security header of one response, by name. */
export function securityHeaders(facts: RequestFacts): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(facts),
    'X-Content-Type-Options': 'nosniff',
    // Nothing goes to another site (a URL here names namespaces and services, the provider needs none). Not
    // 'no-referrer': for a POST that is not a CORS request, browsers then send `Origin: null` (fetch.spec.whatwg.org,
    // "append a request Origin header"), which refuseCrossSite (server/http.ts) refuses; same-origin keeps Origin.
    'Referrer-Policy': 'same-origin',
    // Old browsers that do not read frame-ancestors.
    'X-Frame-Options': 'DENY',
    // One year, and this host only: the console shares its domain with other services of the cluster, which may
    // still serve plain http, so includeSubDomains is not the console's to promise.
    ...(facts.https ? { 'Strict-Transport-Security': 'max-age=31536000' } : {}),
  };
}
