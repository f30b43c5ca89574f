import type { KubeObject } from '../store/kube-object.js';
import { exportToList } from '../istio-hosts.js';
import { DNS_DOMAIN } from './proxy-identity.js';

/** How the sidecar treats a port: Istio's protocol selection, reduced to what shapes listeners. */
export type PortKind = 'http' | 'tcp' | 'auto';

export interface MeshPort {
  name: string;
  port: number;
  /** The pod port traffic lands on: a number, or a container port name to resolve per pod. */
  targetPort: number | string;
  /** Istio's protocol name: HTTP, HTTP2, GRPC, TCP, TLS, HTTPS, MONGO, … or '' when it must sniff. */
  protocol: string;
  kind: PortKind;
}

/** Where Envoy gets a cluster's hosts from. */
export type Resolution = 'EDS' | 'STRICT_DNS' | 'LOGICAL_DNS' | 'ORIGINAL_DST';

/** A host the mesh knows: a Kubernetes Service or one host of a ServiceEntry. */
export interface MeshService {
  hostname: string;
  /** Service name and namespace; for ServiceEntries the entry's. */
  name: string;
  namespace: string;
  /** The virtual IP to bind a TCP listener to; undefined for headless services and address-less entries. */
  address: string | undefined;
  ports: MeshPort[];
  selector: Record<string, string> | undefined;
  resolution: Resolution;
  /** Namespaces the service is exported to; undefined means every namespace. */
  exportTo: string[] | undefined;
  source: KubeObject;
  kind: 'kubernetes' | 'serviceentry';
  meshExternal: boolean;
}

export const fqdnOf = (name: string, namespace: string) => `${name}.${namespace}.${DNS_DOMAIN}`;

const HTTP_PROTOCOLS = new Set(['HTTP', 'HTTP2', 'GRPC', 'GRPC-WEB', 'HTTP_PROXY']);
const KNOWN_PROTOCOLS = new Set([...HTTP_PROTOCOLS, 'TCP', 'TLS', 'HTTPS', 'MONGO', 'MYSQL', 'REDIS', 'UDP']);

/**
 * Istio's protocol selection: appProtocol first, then the port name's prefix ("http-web", "grpc"); anything else is
 * sniffed at the listener.
 */
export function protocolOf(port: { name?: string; appProtocol?: string; protocol?: string }): string {
  if (port.protocol === 'UDP') return 'UDP';
  if (port.appProtocol) {
    const fromApp = port.appProtocol.toUpperCase();
    if (fromApp === 'KUBERNETES.IO/H2C') return 'HTTP2';
    if (KNOWN_PROTOCOLS.has(fromApp)) return fromApp;
  }
  const name = port.name ?? '';
  const dash = name.indexOf('-');
  const prefix = (dash < 0 ? name : name.slice(0, dash)).toUpperCase();
  return KNOWN_PROTOCOLS.has(prefix) ? prefix : '';
}

export function kindOf(protocol: string): PortKind {
  if (protocol === '') return 'auto';
  return HTTP_PROTOCOLS.has(protocol) ? 'http' : 'tcp';
}

// Store objects are frozen snapshots replaced on every write, so a conversion keyed by the object stays valid.
const converted = new WeakMap<KubeObject, MeshService>();

export function servicesFromKubernetes(services: KubeObject[]): MeshService[] {
  const out: MeshService[] = [];
  for (const svc of services) {
    let found = converted.get(svc);
    if (!found) converted.set(svc, (found = serviceFromKubernetes(svc)));
    out.push(found);
  }
  return out;
}

function serviceFromKubernetes(svc: KubeObject): MeshService {
  const namespace = svc.metadata.namespace ?? 'default';
  const spec = svc.spec ?? {};
  const ports: MeshPort[] = [];
  for (const p of Array.isArray(spec.ports) ? spec.ports : []) {
    const protocol = protocolOf(p);
    if (protocol === 'UDP' || typeof p.port !== 'number') continue; // Istio does not proxy UDP
    ports.push({
      name: p.name ?? '',
      port: p.port,
      targetPort: p.targetPort ?? p.port,
      protocol,
      kind: kindOf(protocol),
    });
  }
  const externalName = spec.type === 'ExternalName';
  const headless = spec.clusterIP === 'None';
  return {
    hostname: fqdnOf(svc.metadata.name, namespace),
    name: svc.metadata.name,
    namespace,
    address: headless || externalName || typeof spec.clusterIP !== 'string' ? undefined : spec.clusterIP,
    ports,
    selector: spec.selector && Object.keys(spec.selector).length > 0 ? spec.selector : undefined,
    resolution: externalName ? 'STRICT_DNS' : headless ? 'ORIGINAL_DST' : 'EDS',
    exportTo: exportToList(svc.metadata.annotations?.['networking.istio.io/exportTo']),
    source: svc,
    kind: 'kubernetes',
    meshExternal: false,
  };
}

const SE_RESOLUTION: Record<string, Resolution> = {
  DNS: 'STRICT_DNS',
  DNS_ROUND_ROBIN: 'LOGICAL_DNS',
  NONE: 'ORIGINAL_DST',
  STATIC: 'EDS',
};

export function servicesFromServiceEntries(entries: KubeObject[]): MeshService[] {
  const out: MeshService[] = [];
  for (const se of entries) {
    const namespace = se.metadata.namespace ?? 'default';
    const spec = se.spec ?? {};
    const ports: MeshPort[] = [];
    for (const p of Array.isArray(spec.ports) ? spec.ports : []) {
      const number = p.number ?? p.port;
      if (typeof number !== 'number') continue;
      const protocol = typeof p.protocol === 'string' ? p.protocol.toUpperCase() : protocolOf({ name: p.name });
      if (protocol === 'UDP') continue;
      ports.push({
        name: p.name ?? '',
        port: number,
        targetPort: p.targetPort ?? number,
        protocol,
        kind: kindOf(protocol),
      });
    }
    const addresses: string[] = Array.isArray(spec.addresses) ? spec.addresses : [];
    for (const host of Array.isArray(spec.hosts) ? (spec.hosts as string[]) : []) {
      out.push({
        hostname: host,
        name: se.metadata.name,
        namespace,
        address: addresses.find((a) => !a.includes('/')),
        ports,
        selector: spec.workloadSelector?.labels,
        resolution: SE_RESOLUTION[spec.resolution ?? 'NONE'] ?? 'ORIGINAL_DST',
        exportTo: exportToList(spec.exportTo),
        source: se,
        kind: 'serviceentry',
        meshExternal: spec.location !== 'MESH_INTERNAL',
      });
    }
  }
  return out;
}
