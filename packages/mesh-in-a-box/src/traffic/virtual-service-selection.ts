// Which VirtualServices a proxy applies to one request: a sidecar's (by the host it sends to, or on port 80 by a
// Host header that names no Service) and a gateway's (bound through its Gateway servers' "namespace/host" entries).

import type { KubeObject } from '../store/kube-object.js';
import { exportToList, hostMatches, isExportedTo, resolveHost } from '../istio-hosts.js';
import { usesGatewaySemantics } from './gamma-routes.js';
import { matchesLabels, type MeshIndex, type MeshPod } from './mesh-index.js';
import type { RouteInput } from './route-request.js';

/** The port on which istiod gives VirtualService hosts outside the registry a virtual host of their own. */
const UNREGISTERED_HOSTS_PORT = 80;

/** The Host header without its port on port 80, where it may name such a host; else ''. */
export function claimKey(input: RouteInput): string {
  if (input.port !== UNREGISTERED_HOSTS_PORT) return '';
  const colon = input.authority.indexOf(':');
  return colon < 0 ? input.authority : input.authority.slice(0, colon);
}

export function meshVirtualServices(index: MeshIndex, input: RouteInput): KubeObject[] {
  const host = input.target.host;
  const viewer = input.from.ref.namespace;
  const authority = claimKey(input);
  const unregistered = authority !== '' && !index.servicesByHost.has(authority) && !index.externalHosts.has(authority);
  const found: KubeObject[] = [];
  const claiming: KubeObject[] = [];
  for (const vs of [...index.virtualServices, ...index.gammaVirtualServices]) {
    const gateways = vs.spec?.gateways as string[] | undefined;
    if (gateways && gateways.length > 0 && !gateways.includes('mesh')) continue;
    if (!isExportedTo(exportToList(vs.spec?.exportTo), vs.metadata.namespace!, viewer)) continue;
    // A VirtualService host naming no Service ("sa-logic.demo") gets its own virtual host on port 80, built before
    // the Services' (pilot/pkg/networking/core/route/route.go): a request with that Host header takes its routes.
    const hosts = (vs.spec?.hosts ?? []) as string[];
    if (unregistered && hosts.some((h) => resolveHost(h, vs.metadata.namespace!) === authority)) claiming.push(vs);
    if (hosts.some((h) => hostMatches(resolveHost(h, vs.metadata.namespace!), host))) found.push(vs);
  }
  if (claiming.length > 0) return claiming.sort(byAge).slice(0, 1);
  // For sidecars Istio does not merge VirtualServices of one host: the first wins. Routes derived from HTTPRoutes in
  // the caller's own namespace come first ("consumer override": pilot/pkg/model push_context.go
  // VirtualServicesForGateway and sidecar.go SelectVirtualServices put gateway-semantics routes of the proxy's
  // namespace ahead), then every other VirtualService, the oldest first.
  const preferred = found.filter((vs) => usesGatewaySemantics(vs) && vs.metadata.namespace === viewer);
  return (preferred.length > 0 ? preferred : found).sort(byAge).slice(0, 1);
}

export function gatewayVirtualServices(index: MeshIndex, input: RouteInput): KubeObject[] {
  const authority = input.authority.split(':')[0]!;
  // Gateway "ns/name" → the server hosts ("ns/host", "." made the Gateway's namespace) that serve this authority.
  const bound = new Map<string, { ns: string; host: string }[]>();
  for (const gw of index.gateways) {
    if (!matchesLabels(input.from.labels, gw.spec?.selector)) continue;
    const servers = (gw.spec?.servers ?? []) as { port?: { number?: number }; hosts?: string[] }[];
    // A Gateway server may name the gateway Service's port or the pod's target port: Istio accepts either.
    const ports = new Set([input.port, ...gatewayTargetPorts(input)]);
    const hosts = servers
      .filter((s) => ports.has(s.port?.number ?? -1))
      .flatMap((s) => (s.hosts ?? []).map((h) => serverHost(h, gw.metadata.namespace!)))
      .filter((h) => hostMatches(h.host, authority));
    if (hosts.length > 0) bound.set(`${gw.metadata.namespace}/${gw.metadata.name}`, hosts);
  }
  if (bound.size === 0) return [];
  const found: KubeObject[] = [];
  for (const vs of index.virtualServices) {
    const ns = vs.metadata.namespace!;
    const gateways = (vs.spec?.gateways ?? []) as string[];
    // istiod resolves the VirtualService's hosts before it matches them with the server's (gateway.go).
    const hosts = ((vs.spec?.hosts ?? []) as string[])
      .map((h) => resolveHost(h, ns))
      .filter((h) => hostMatches(h, authority));
    if (hosts.length === 0) continue;
    const attached = gateways.some((g) =>
      bound
        .get(g.includes('/') ? g : `${ns}/${g}`)
        ?.some(
          (s) => (s.ns === '*' || s.ns === ns) && hosts.some((h) => hostMatches(s.host, h) || hostMatches(h, s.host)),
        ),
    );
    if (attached) found.push(vs);
  }
  // Gateways merge the routes of all bound VirtualServices, oldest first.
  return found.sort(byAge);
}

function gatewayTargetPorts(input: RouteInput): number[] {
  const port = input.target.ports.find((p) => p.port === input.port);
  if (!port) return [];
  return [resolveTargetPort(port.targetPort, input.from)];
}

/** A Gateway server host split into its namespace (`.` made the Gateway's, none `*`) and host. */
function serverHost(entry: string, gatewayNamespace: string): { ns: string; host: string } {
  const slash = entry.indexOf('/');
  if (slash < 0) return { ns: '*', host: entry };
  const ns = entry.slice(0, slash);
  return { ns: ns === '.' ? gatewayNamespace : ns, host: entry.slice(slash + 1) };
}

function byAge(a: KubeObject, b: KubeObject): number {
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  return Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion);
}

/** A port as a number: a named targetPort is looked up in the pod's container ports. */
export function resolveTargetPort(targetPort: number | string, pod: MeshPod | undefined): number {
  if (typeof targetPort === 'number') return targetPort;
  if (/^\d+$/.test(targetPort)) return Number(targetPort);
  return pod?.containerPorts.get(targetPort) ?? 0;
}
