// Host names as Istio reads them, the console's one home for them: short names resolve in the namespace of the
// object that names them, wildcards match by suffix, exportTo decides which namespaces see an object, and a Host
// header reaches a Service through its virtual host's domains. Every case is in spec/istio-host-resolution.yaml,
// which test/unit/validation/host-table.test.ts checks this file against.

/**
 * Istio's ResolveShortnameToFQDN (pilot/pkg/model/config.go), applied to VirtualService hosts and destinations and
 * DestinationRule hosts: a name without a dot is a Service of the object's namespace; `*`, IP addresses and
 * anything with a dot are taken as written. So `cart` in `shop` is `cart.shop.svc.cluster.local`, while `cart.shop`
 * stays `cart.shop` and names no Service.
 */
export function toFqdn(host: string, namespace: string, clusterDomain = 'cluster.local'): string {
  // A wildcard other than `*` always has a dot (`*.suffix`); a partial one (`*foo`) is invalid in Istio anyway.
  if (host.startsWith('*') || host.includes('.') || isIpAddress(host)) return host;
  return `${host}.${namespace}.svc.${clusterDomain}`;
}

/** IPv4 dotted quads or IPv6 (which has no dot and must not be taken for a short name). */
export function isIpAddress(host: string): boolean {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return host.split('.').every((p) => Number(p) <= 255);
  // IPv6 has at least two colons (`::1`), which tells it from `host:port`.
  return /^[0-9a-fA-F:.]+$/.test(host) && host.split(':').length > 2 && host.split('::').length <= 2;
}

export const isWildcard = (host: string) => host.startsWith('*');

/** Does `pattern` (possibly `*` or `*.suffix`) cover `host`? (pkg/config/host/name.go SubsetOf, reversed). */
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

/** Two host patterns overlap when either covers the other (Istio's Name.Matches). */
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
 * (the mesh default); `.` is the object's own namespace, `*` every namespace, `~` none (Services only).
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

/**
 * Does one Sidecar egress host (`ns/dnsName`) of a Sidecar in `sidecarNamespace` import the registry host
 * `serviceHost` of `serviceNamespace`? The dnsName is matched as written, never expanded (pilot/pkg/model/sidecar.go);
 * a `~` prefix excludes, so `~/*` imports nothing. Whether the service is exported there is checked apart.
 */
export function sidecarImports(
  egressHost: string,
  sidecarNamespace: string,
  service: { host: string; namespace: string },
): boolean {
  const { ns, host } = splitNsHost(egressHost);
  if (ns.startsWith('~')) return false;
  const namespace = ns === '.' ? sidecarNamespace : ns;
  return (namespace === '*' || namespace === service.namespace) && hostMatches(host, service.host);
}

// A Gateway server host as istiod keeps it (pilot/pkg/model/gateway.go sanitizeServerHostNamespace): `./host` becomes
// `<gateway namespace>/host`, `*/host` just `host`, `*/*` just `*`; `ns/host` stays.
export function gatewayServerHost(serverHost: string, gatewayNamespace: string): string {
  const { ns, host } = splitNsHost(serverHost);
  if (!serverHost.includes('/') || ns === '*') return host;
  return `${ns === '.' ? gatewayNamespace : ns}/${host}`;
}

/**
 * Does a Gateway server host (`ns/host`, `.` = the Gateway's namespace, `*` any) bind a VirtualService of
 * `vsNamespace` with this host? The VirtualService host is resolved first (toFqdn), the Gateway's is not, and the
 * two bind when they overlap (pilot/pkg/networking/core/gateway.go pickMatchingGatewayHosts).
 */
export function gatewayHostBinds(
  serverHost: string,
  gatewayNamespace: string,
  vs: { namespace: string; host: string },
  clusterDomain = 'cluster.local',
): boolean {
  const { ns, host } = splitNsHost(gatewayServerHost(serverHost, gatewayNamespace));
  if (ns !== '*' && ns !== vs.namespace) return false;
  return hostsOverlap(host, toFqdn(vs.host, vs.namespace, clusterDomain));
}

/**
 * The Service a Host header names through the sidecar's virtual host domains (pilot/pkg/networking/core/httproute.go
 * generateAltVirtualHostsForKubernetesService): `name` from the client's own namespace, `name.ns`, `name.ns.svc` and
 * the FQDN from anywhere; the port is ignored. Undefined when the header is no Service name form (an IP, an
 * external host: look those up by address or ServiceEntry host).
 */
export function serviceOfAuthority(
  authority: string,
  clientNamespace: string,
  clusterDomain = 'cluster.local',
): { name: string; namespace: string } | undefined {
  const host = stripPort(authority).toLowerCase();
  if (!host || isIpAddress(host) || host.startsWith('*')) return undefined;
  const full = serviceOfFqdn(host, clusterDomain);
  if (full) return full;
  const parts = host.endsWith('.svc') ? host.slice(0, -4).split('.') : host.split('.');
  if (parts.length === 1 && !host.endsWith('.svc')) return { name: parts[0]!, namespace: clientNamespace };
  if (parts.length === 2 && parts[0] && parts[1]) return { name: parts[0], namespace: parts[1] };
  return undefined;
}

/**
 * Does a VirtualService host that names nothing in the registry (`sa-logic.demo`) serve a request with this Host
 * header on `port`? istiod gives such hosts a virtual host of their own on port 80 only, built before the Services'
 * ones, so the exact Host header takes the VirtualService's routes (pilot/pkg/networking/core/route/route.go
 * separateVSHostsAndServices, httproute.go). Wildcards are left out: a Service's exact domains win over them.
 */
export function unregisteredHostServes(resolvedVsHost: string, authority: string, port: number): boolean {
  return port === 80 && !resolvedVsHost.startsWith('*') && resolvedVsHost === stripPort(authority).toLowerCase();
}

/** `host:port` → host; IPv6 in brackets loses them. */
export function stripPort(authority: string): string {
  if (authority.startsWith('[')) return authority.slice(1, authority.indexOf(']'));
  if (isIpAddress(authority)) return authority;
  return authority.replace(/:\d+$/, '');
}

/**
 * Does an AuthorizationPolicy `to.operation.hosts` value match a request's Host header? Never resolved: `*` any,
 * `*x` suffix, `x*` prefix, else the exact header, port included, ignoring case
 * (pilot/pkg/security/authz/matcher/header.go HostMatcher).
 */
export function authzHostMatches(value: string, authority: string): boolean {
  const v = value.toLowerCase();
  const a = authority.toLowerCase();
  if (v === '*') return true;
  if (v.startsWith('*')) return a.endsWith(v.slice(1));
  if (v.endsWith('*')) return a.startsWith(v.slice(0, -1));
  return a === v;
}

/**
 * The host a Gateway API backendRef names (pilot/pkg/config/kube/gateway/conversion.go buildDestination): a Service
 * name in its namespace (the route's by default). A name with a dot is a hostname, which Istio rejects: undefined.
 */
export function backendRefHost(name: string, namespace: string, clusterDomain = 'cluster.local'): string | undefined {
  if (!name || name.includes('.')) return undefined;
  return `${name}.${namespace}.svc.${clusterDomain}`;
}

/**
 * Does an HTTPRoute hostname attach to a listener hostname (absent = `*`)? Istio binds them when they overlap:
 * `*.example.com` covers any depth of subdomain but not example.com (buildHostnameMatch, Name.Matches).
 */
export const routeHostnameAttaches = (routeHostname: string, listenerHostname = '*') =>
  hostsOverlap(listenerHostname, routeHostname);
