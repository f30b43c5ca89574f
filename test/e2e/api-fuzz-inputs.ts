// What the API fuzz sends (fast-check arbitraries): a route's path parameters, query, headers and body, each a mix of
// values the demo answers (to get past the first check and into the route) and hostile ones: traversal, NUL, encoded
// slashes, unicode, huge, wrong types, CR/LF meant to inject a header, prototype keys, deep JSON.
import fc from 'fast-check';
import type { ApiRoute } from './api-routes.js';
import type { RawRequest } from './raw-http.js';

/** The header name an injection attempt tries to create in the answer; it must never appear there. */
export const INJECTED_HEADER = 'x-fuzz-injected';
const CRLF_ENCODED = `%0d%0a${INJECTED_HEADER}:%20yes`;

/** Values of each path parameter the demo answers, by the parameter's name in app/api/**\/[name]. */
export type Valid = Record<string, string[]>;

const encode = (s: string) => encodeURIComponent(s);

// Already in request-target form: what is not encoded here is sent as is.
const HOSTILE_SEGMENTS = [
  '..',
  '.',
  '%2e%2e',
  '%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
  '..%2f..%2f..%2fetc%2fpasswd',
  '..%5c..%5cwindows',
  '%00',
  'demo%00',
  'a%2Fb',
  '%2F',
  '%252e%252e',
  '%',
  '%zz',
  '%E0%A4%A',
  '%C0%AE%C0%AE',
  '%EF%BF%BF',
  '%F0%9F%92%A9',
  CRLF_ENCODED,
  `demo${CRLF_ENCODED}`,
  '__proto__',
  'constructor',
  'prototype',
  '-',
  '~',
  ';',
  '*',
  '%20',
  'DEMO',
  '0',
  '-1',
  'NaN',
  "'%20OR%201=1--",
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  '%7B%7B7*7%7D%7D',
  '$(id)',
];

const HOSTILE_VALUES = [
  '',
  '-1',
  '0',
  '-0',
  '1.5',
  '1e308',
  '-1e308',
  '9007199254740993',
  '99999999999999999999999999',
  'NaN',
  'Infinity',
  '-Infinity',
  '0x10',
  'true',
  'null',
  'undefined',
  '[]',
  '%7B%7D',
  '2026-12-07T05:00:00Z',
  '2026-13-45T99:99:99Z',
  'yesterday',
  '1s%3B',
  '-5m',
  '0s',
  '99999999h',
  '1ms',
  '0s',
  '1',
  '9999999999999999',
  '253402300800000000',
  '1970-01-01T00:00:00Z',
  '1y',
  'p100',
  'p95,p95,p95',
  ',,,',
  'demo,,demo',
  '*',
  '.*',
  '%22%7D)%20or%20vector(1)',
  '%7Bjob%3D~%22.%2B%22%7D',
  ...HOSTILE_SEGMENTS,
];

const unicode = fc.string({ unit: 'grapheme', maxLength: 40 }).map(encode);
const binary = fc.string({ unit: 'binary', maxLength: 20 }).map(encode);
const huge = fc
  .tuple(fc.integer({ min: 200, max: 3000 }), fc.constantFrom('a', 'é', '%2e', '💩', '0'))
  .map(([n, unit]) => (unit.startsWith('%') ? unit : encode(unit)).repeat(Math.ceil(n / 4)));

/** One value in request-target form: mostly hostile, sometimes one of `valid`. */
function valueOf(valid: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: valid.length > 0 ? 4 : 0, arbitrary: fc.constantFrom(...(valid.length > 0 ? valid : ['']).map(encode)) },
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_VALUES) },
    { weight: 1, arbitrary: unicode },
    { weight: 1, arbitrary: binary },
    { weight: 1, arbitrary: fc.integer().map(String) },
    { weight: 1, arbitrary: fc.double().map(String) },
    { weight: 1, arbitrary: huge },
  );
}

function segmentOf(valid: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...valid.map(encode)) },
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_SEGMENTS) },
    { weight: 1, arbitrary: unicode.filter((s) => s.length > 0) },
    { weight: 1, arbitrary: binary.filter((s) => s.length > 0) },
    { weight: 1, arbitrary: huge },
  );
}

const UNKNOWN_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'x', '', '%00', 'a[b]'];

function queryOf(route: ApiRoute, validQuery: Valid): fc.Arbitrary<string> {
  const known = route.queryKeys.map((key) => fc.tuple(fc.constant(key), valueOf(validQuery[key] ?? [])));
  const unknown = fc.tuple(
    fc.oneof(fc.constantFrom(...UNKNOWN_KEYS), fc.string({ maxLength: 12 }).map(encode)),
    valueOf([]),
  );
  const pair = known.length > 0 ? fc.oneof({ weight: 4, arbitrary: fc.oneof(...known) }, unknown) : unknown;
  // Repeated keys come from drawing the same key twice.
  return fc
    .array(pair, { maxLength: Math.max(3, route.queryKeys.length + 2) })
    .map((pairs) => (pairs.length === 0 ? '' : '?' + pairs.map(([k, v]) => `${k}=${v}`).join('&')));
}

// Tab, space and the visible ASCII characters; any other control character makes the request invalid HTTP (RFC 9110
// §5.5), which Node refuses before the console sees it.
const visibleAscii = fc.oneof(
  fc.constant('\t'),
  fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
);

/** A header value written raw; some try to end the line and add a header of their own. */
function hostileHeaderValue(ownValue: string): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constant(ownValue),
    fc.constantFrom(
      'null',
      'http://evil.example',
      'https://evil.example:443',
      `${ownValue}\r\n${INJECTED_HEADER}: yes`,
      `evil.example\r\n${INJECTED_HEADER}: yes`,
      `${ownValue}, evil.example`,
      '',
      ' ',
      '%0d%0a',
      'a'.repeat(4000),
    ),
    fc.string({ unit: visibleAscii, maxLength: 30 }),
  );
}

const COOKIE_GARBAGE = [
  'sextant_session=garbage',
  'sextant_session=',
  'sextant_session=eyJhbGciOiJub25lIn0.e30.',
  'sextant_session=a.b.c.d.e',
  '=; ; ;=;',
  `sextant_session=${'A'.repeat(3000)}`,
  'sextant_session=%00%0d%0a',
  '__proto__=1; constructor=2',
];

export interface FuzzTarget {
  origin: string;
  host: string;
  /** The Cookie header that carries a valid session. */
  session: string;
  csrfHeader: string;
  validPath: Valid;
  validQuery: Valid;
}

function headersOf(target: FuzzTarget, method: string): fc.Arbitrary<[string, string][]> {
  const write = method !== 'GET';
  return fc
    .record({
      cookie: fc.oneof(
        { weight: 5, arbitrary: fc.constant(target.session) },
        { weight: 1, arbitrary: fc.constantFrom(...COOKIE_GARBAGE) },
        { weight: 1, arbitrary: fc.constantFrom(...COOKIE_GARBAGE).map((c) => `${target.session}; ${c}`) },
      ),
      // A change passes the CSRF checks most of the time, so that its body gets read and refused.
      csrf: fc.oneof({ weight: write ? 5 : 1, arbitrary: fc.constant(true) }, fc.constant(false)),
      origin: fc.option(hostileHeaderValue(target.origin), { freq: 3 }),
      host: fc.option(hostileHeaderValue(target.host), { freq: 3 }),
      forwardedHost: fc.option(hostileHeaderValue(target.host), { freq: 3 }),
      forwardedProto: fc.option(
        fc.constantFrom('https', 'http', 'gopher', 'https, http', `https\r\n${INJECTED_HEADER}: yes`),
        {
          freq: 3,
        },
      ),
      fetchSite: fc.option(fc.constantFrom('same-origin', 'cross-site', 'none', 'garbage'), { freq: 3 }),
      authorization: fc.option(
        fc.constantFrom('Bearer garbage', 'Basic Og==', 'Bearer ', `Bearer ${'x'.repeat(2000)}`),
        {
          freq: 6,
        },
      ),
    })
    .map((h) => {
      const headers: [string, string][] = [
        ['Host', h.host ?? target.host],
        ['Cookie', h.cookie],
      ];
      if (h.csrf) headers.push([target.csrfHeader, '1']);
      if (h.origin !== null) headers.push(['Origin', h.origin]);
      if (h.forwardedHost !== null) headers.push(['X-Forwarded-Host', h.forwardedHost]);
      if (h.forwardedProto !== null) headers.push(['X-Forwarded-Proto', h.forwardedProto]);
      if (h.fetchSite !== null) headers.push(['Sec-Fetch-Site', h.fetchSite]);
      if (h.authorization !== null) headers.push(['Authorization', h.authorization]);
      return headers;
    });
}

const nested = (depth: number, open: string, close: string) => open.repeat(depth) + '1' + close.repeat(depth);

/** A body as sent: its Content-Type (null: none) and text. */
export interface FuzzBody {
  contentType: string | null;
  text: string;
}

function bodyOf(keys: string[]): fc.Arbitrary<FuzzBody> {
  // Strings of any code point too (controls, non-Latin-1): a value that reaches an HTTP header (a pasted token
  // becomes Authorization) must be refused in words, not thrown by fetch.
  const json = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 3, stringUnit: 'binary' }));
  const pollution = fc.constantFrom(
    '"__proto__":{"polluted":true,"isAdmin":true}',
    '"constructor":{"prototype":{"polluted":true}}',
    '"__proto__":null',
    '"toString":"x","valueOf":1,"hasOwnProperty":null',
  );
  const fields = fc.record(Object.fromEntries(keys.map((k) => [k, fc.option(json, { nil: undefined })])), {
    requiredKeys: [],
  });
  const text = fc.oneof(
    // The contract's own keys with values of any type: past JSON.parse into the contract.
    { weight: 4, arbitrary: fields.map((f) => JSON.stringify(f)) },
    {
      weight: 2,
      arbitrary: fc.tuple(fields, pollution).map(([f, p]) => {
        const inner = JSON.stringify(f).slice(1, -1);
        return `{${p}${inner ? `,${inner}` : ''}}`;
      }),
    },
    { weight: 2, arbitrary: json.map((v) => JSON.stringify(v)) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        '{',
        '{"a":',
        'null',
        'undefined',
        'NaN',
        "{'a':1}",
        '{"a":1}}',
        '\u0000',
        '\ufeff{}',
      ),
    },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.integer({ min: 100, max: 20_000 }), fc.boolean())
        .map(([depth, arrays]) => (arrays ? nested(depth, '[', ']') : nested(depth, '{"a":', '}'))),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...(keys.length > 0 ? keys : ['a'])), fc.integer({ min: 10_000, max: 1_100_000 }))
        .map(([key, n]) => JSON.stringify({ [key]: 'x'.repeat(n) })),
    },
  );
  const contentType = fc.oneof(
    { weight: 6, arbitrary: fc.constant('application/json') },
    fc.constantFrom(
      null,
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=utf-16',
      'application/jsonp',
      'APPLICATION/JSON',
      `application/json\r\n${INJECTED_HEADER}: yes`,
    ),
  );
  return fc.record({ contentType, text });
}

/** A request as a person reads it: long values cut, the session cookie named rather than shown. */
export function describeRequest(request: RawRequest, session: string): string {
  const show = (s: string) => JSON.stringify(s.length > 300 ? `${s.slice(0, 300)}… (${s.length} chars)` : s);
  const lines = [
    `${request.method} ${show(request.target)}`,
    ...request.headers.map(([n, v]) => `${n}: ${show(v.replace(session, '<session cookie>'))}`),
  ];
  if (request.body !== undefined) lines.push(`body ${show(request.body)}`);
  return lines.join('\n');
}

export interface FuzzCase {
  request: RawRequest;
  /** The body's JSON as the server would parse it, when it is JSON. */
  json: { value: unknown } | null;
}

/** A request to `route`: one of its methods (or another), its parameters, query, headers and, for a change, a body. */
/**
 * A request to `route`. A third are calm (the demo's values, a session, the CSRF header, one of the route's methods,
 * only the body fuzzed), so that they reach the route's work and its sources; a third are calm but for a hostile
 * query (extreme numbers, durations and dates that pass a contract's format reach Prometheus, Jaeger and the API
 * server); a third are wild in every part.
 */
export function requestOf(route: ApiRoute, target: FuzzTarget): fc.Arbitrary<FuzzCase> {
  const missing = route.pathParams.filter((p) => !(target.validPath[p]?.length ?? 0));
  if (missing.length > 0) throw new Error(`${route.file}: no values for the path parameter(s) ${missing.join(', ')}`);
  return fc.oneof(requestIn(route, target, 'calm'), requestIn(route, target, 'edge'), requestIn(route, target, 'wild'));
}

function calmQueryOf(route: ApiRoute, validQuery: Valid): fc.Arbitrary<string> {
  const known = route.queryKeys.filter((k) => (validQuery[k]?.length ?? 0) > 0);
  return fc
    .subarray(known)
    .chain((keys) => fc.tuple(...keys.map((k) => fc.constantFrom(...validQuery[k]!).map((v) => `${k}=${encode(v)}`))))
    .map((pairs) => (pairs.length === 0 ? '' : `?${pairs.join('&')}`));
}

function requestIn(route: ApiRoute, target: FuzzTarget, mode: 'calm' | 'edge' | 'wild'): fc.Arbitrary<FuzzCase> {
  const calm = mode !== 'wild';
  const segments = route.pattern
    .split('/')
    .slice(1)
    .map((part) => {
      const param = /^\[(?:\.\.\.)?(\w+)\]$/.exec(part)?.[1];
      if (!param) return fc.constant(part);
      const valid = target.validPath[param]!;
      return calm ? fc.constantFrom(...valid.map(encode)) : segmentOf(valid);
    });
  const method = calm
    ? fc.constantFrom(...route.methods)
    : fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...route.methods) },
        { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD') },
      );
  const calmHeaders = fc.constant<[string, string][]>([
    ['Cookie', target.session],
    [target.csrfHeader, '1'],
  ]);
  const bodyKeys = route.body?.keys ?? [];
  return method.chain((m) =>
    fc
      .record({
        path: fc.tuple(...segments).map((parts) => '/' + parts.join('/')),
        // Next answers a path that ends in / (or that .. changes) with a 308 to another: seldom, to reach the routes.
        trailing: calm
          ? fc.constant('')
          : fc.oneof({ weight: 12, arbitrary: fc.constant('') }, fc.constantFrom('/', '/..', '/%2e%2e', '//')),
        query: mode === 'calm' ? calmQueryOf(route, target.validQuery) : queryOf(route, target.validQuery),
        headers: calm ? calmHeaders : headersOf(target, m),
        body: ['GET', 'HEAD', 'OPTIONS'].includes(m) ? fc.constant(null) : fc.option(bodyOf(bodyKeys), { freq: 8 }),
      })
      .map(({ path, trailing, query, headers, body }): FuzzCase => {
        const all: [string, string][] = [...headers];
        if (body?.contentType) all.push(['Content-Type', body.contentType]);
        let json: FuzzCase['json'] = null;
        if (body && body.contentType?.toLowerCase().startsWith('application/json'))
          try {
            json = { value: JSON.parse(body.text) as unknown };
          } catch {
            json = null;
          }
        const request = {
          method: m,
          target: path + trailing + query,
          headers: all,
          ...(body ? { body: body.text } : {}),
        };
        // How fast-check prints a counterexample: the request as sent, the session cookie by name only.
        const fuzzCase: FuzzCase = { request, json };
        return Object.assign(fuzzCase, { [fc.toStringMethod]: () => describeRequest(request, target.session) });
      }),
  );
}
