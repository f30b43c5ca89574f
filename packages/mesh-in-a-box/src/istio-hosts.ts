// How istiod reads hosts, for the simulated mesh's Envoy config (envoy/) and its traffic (traffic/) alike: one copy,
// so that the traffic routes as the config_dump says. Checked against spec/istio-host-resolution.yaml by
// test/unit/host-table.test.ts. The console has its own implementation (server/validation/hosts.ts): the mesh is the
// oracle it is tested against, so the two share no code.

/** The cluster's DNS suffix of Services (Kubernetes' default cluster domain). */
export const SERVICE_DOMAIN = 'svc.cluster.local';

/**
 * ResolveShortnameToFQDN (pilot/pkg/model/config.go), for VirtualService and DestinationRule hosts: a name without a
 * dot is a Service of the object's namespace; `*`, IP addresses (IPv6 has colons and no dot) and any name with a
 * dot are taken as written, so `sa-logic.demo` names no Service (an app may still dial it: see lookupHost).
 */
export function resolveHost(host: string, namespace: string): string {
  if (host.startsWith('*') || host.includes('.') || host.includes(':')) return host;
  return `${host}.${namespace}.${SERVICE_DOMAIN}`;
}

/** An Istio host pattern (`*`, `*.suffix`, exact) against a host, itself possibly a wildcard (pkg/config/host/name.go). */
export function hostMatches(pattern: string, host: string): boolean {
  if (pattern === '*' || pattern === host) return true;
  if (!pattern.startsWith('*')) return false;
  const suffix = pattern.slice(1);
  return host.startsWith('*') ? host.slice(1).endsWith(suffix) : host.endsWith(suffix);
}

/** exportTo as a list: a spec field (list) or the Service annotation (comma-separated); undefined when unset. */
export function exportToList(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.length > 0 ? value.map(String) : undefined;
  if (typeof value === 'string' && value.trim()) return value.split(',').map((v) => v.trim());
  return undefined;
}

/** Is config or a service of `owner` with this exportTo visible to proxies of `viewer`? (`~`: to none.) */
export function isExportedTo(exportTo: string[] | undefined, owner: string, viewer: string): boolean {
  if (!exportTo) return true;
  return exportTo.some((ns) => ns === '*' || ns === viewer || (ns === '.' && owner === viewer));
}
