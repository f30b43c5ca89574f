// The only Envoy admin requests the console ever sends. Envoy's admin (port 15000) can shut the proxy down
// (/quitquitquit), change its log level (/logging), drain its listeners or reset its counters, and it trusts whoever
// reaches it: Envoy's own docs warn that the admin interface allows destructive operations and must not be exposed
// (envoyproxy/envoy docs/root/operations/admin.rst). So every path the console forwards through pods/proxy passes
// this allow-list first: the read-only pages the Envoy tab reads, with only the query parameters each takes, rebuilt
// from their decoded values so nothing a caller sent travels on unchecked. Everything else is refused, never sent.
import { RefusedError } from '../errors.js';

/** A value of a regular expression parameter (a /stats filter): regex syntax only, no separators of a URL. */
const REGEX_VALUE = /^[A-Za-z0-9_.|()[\]\\^$*+?:-]{1,500}$/;
const FLAG = /^$/;

// Path → its parameters and what each may hold. Envoy's admin reference (docs/root/operations/admin.rst) lists them:
// /config_dump?resource=&mask=&name_regex=&include_eds, /clusters?format=json, /stats?filter=&format=json&usedonly.
const ALLOWED: ReadonlyMap<string, Readonly<Record<string, RegExp>>> = new Map<string, Record<string, RegExp>>([
  [
    '/config_dump',
    {
      resource: /^[a-z_]{1,64}$/, // a repeated field of a config dump: dynamic_active_clusters
      mask: /^[a-z_.,]{1,300}$/, // a FieldMask: name,cluster.name
      name_regex: REGEX_VALUE,
      include_eds: FLAG,
    },
  ],
  ['/clusters', { format: /^json$/ }],
  ['/stats', { filter: REGEX_VALUE, format: /^json$/, usedonly: FLAG }],
  ['/certs', {}],
  ['/server_info', {}],
  ['/ready', {}],
]);

/** The read-only admin paths the console may ask, for messages and docs. */
const ALLOWED_ADMIN_PATHS = [...ALLOWED.keys()];

function refuse(path: string, why: string): never {
  throw new RefusedError(
    403,
    'envoy_path_refused',
    `Sextant does not forward ${JSON.stringify(path.slice(0, 200))} to Envoy admin: ${why}. ` +
      `Only GET of ${ALLOWED_ADMIN_PATHS.join(', ')} (with their read-only parameters) is allowed.`,
  );
}

/**
 * The admin request to forward for `raw` (a path with an optional query, as `/stats?filter=cluster\.`), rebuilt from
 * its checked parts; throws RefusedError (403, code envoy_path_refused) for anything outside the allow-list.
 */
export function allowedAdminPath(raw: string): string {
  if (typeof raw !== 'string' || raw.length === 0) refuse(String(raw), 'the path is empty');
  if (raw.length > 1024) refuse(raw, 'the path is longer than 1024 characters');
  // Control characters, spaces, backslashes and fragments have no place in a read-only admin path, and could split
  // or re-target the request on its way through the API server.
  if ([...raw].some((ch) => ch.charCodeAt(0) <= 0x20 || ch.charCodeAt(0) === 0x7f || ch === '\\' || ch === '#'))
    refuse(raw, 'it holds a space, control character, backslash or #');
  const question = raw.indexOf('?');
  const path = question < 0 ? raw : raw.slice(0, question);
  const query = question < 0 ? '' : raw.slice(question + 1);
  if (!path.startsWith('/') || path.startsWith('//')) refuse(raw, 'it must be an absolute path on the proxy itself');
  // Encoded characters in the path (%2e%2e, %2f) would be decoded by someone downstream: never forwarded.
  if (path.includes('%')) refuse(raw, 'its path is percent-encoded');
  if (path.split('/').some((segment) => segment === '..' || segment === '.'))
    refuse(raw, "it has a '..' or '.' segment");
  const params = ALLOWED.get(path);
  if (!params) refuse(raw, `${path} is not a read-only page the Envoy tab reads`);

  const forwarded: string[] = [];
  const seen = new Set<string>();
  for (const pair of query === '' ? [] : query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    let value: string;
    try {
      value = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, ' '));
    } catch {
      refuse(raw, `the value of ${name} is not valid percent-encoding`);
    }
    const rule = Object.hasOwn(params, name) ? params[name] : undefined;
    if (!rule) refuse(raw, `${path} takes no parameter ${JSON.stringify(name)} here`);
    if (seen.has(name)) refuse(raw, `${name} is given twice`);
    if (!rule.test(value)) refuse(raw, `${name}=${JSON.stringify(value.slice(0, 100))} is not an allowed value`);
    seen.add(name);
    forwarded.push(value === '' && rule === FLAG ? name : `${name}=${encodeURIComponent(value)}`);
  }
  return forwarded.length > 0 ? `${path}?${forwarded.join('&')}` : path;
}
