// Host names as Istio reads them: short names resolve in the namespace of the object that names them, wildcards
// match by suffix, and exportTo decides which namespaces see an object.

/**
 * Istio's own expansion (ConvertHostToFQDN): a name without a dot is a Service in the object's namespace; anything
 * with a dot, or a wildcard, is taken as written. So `cart` in `shop` is `cart.shop.svc.cluster.local`, while
 * `cart.shop` stays `cart.shop` and matches no Service.
 */
export function toFqdn(host: string, namespace: string, clusterDomain = 'cluster.local'): string {
  if (host.startsWith('*') || host.includes('.')) return host;
  return `${host}.${namespace}.svc.${clusterDomain}`;
}

export const isWildcard = (host: string) => host.startsWith('*');

/** Does `pattern` (possibly `*` or `*.suffix`) cover `host`? */
export function hostMatches(pattern: string, host: string): boolean {
  if (pattern === '*') return true;
  if (pattern === host) return true;
  if (pattern.startsWith('*')) {
    const suffix = pattern.slice(1); // `.suffix`
    if (host.startsWith('*')) return host.slice(1).endsWith(suffix);
    return host.endsWith(suffix);
  }
  return false;
}

/** Two host patterns overlap when either covers the other. */
export const hostsOverlap = (a: string, b: string) => hostMatches(a, b) || hostMatches(b, a);

/** `name.namespace.svc.<domain>` → namespace and name; undefined for other hosts. */
export function serviceOfFqdn(
  fqdn: string,
  clusterDomain = 'cluster.local',
): { name: string; namespace: string } | undefined {
  const suffix = `.svc.${clusterDomain}`;
  if (!fqdn.endsWith(suffix)) return undefined;
  const parts = fqdn.slice(0, -suffix.length).split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return undefined;
  return { name: parts[0], namespace: parts[1] };
}

/**
 * Is an object of `ownNamespace` with this exportTo visible from `fromNamespace`? Empty exportTo means everywhere
 * (the mesh default); `.` is the object's own namespace, `*` every namespace, `~` none.
 */
export function exportedTo(exportTo: unknown, ownNamespace: string, fromNamespace: string): boolean {
  if (!Array.isArray(exportTo) || exportTo.length === 0) return true;
  for (const e of exportTo) {
    if (e === '*') return true;
    if (e === '.' && ownNamespace === fromNamespace) return true;
    if (e === fromNamespace) return true;
  }
  return false;
}

/** Splits a Gateway/Sidecar host `ns/host` (ns may be `*`, `.` or `~`) into its parts; bare hosts get `*`. */
export function splitNsHost(value: string): { ns: string; host: string } {
  const slash = value.indexOf('/');
  if (slash < 0) return { ns: '*', host: value };
  return { ns: value.slice(0, slash), host: value.slice(slash + 1) };
}
