import type { KubeObject } from '../store/kube-object.js';
import { GR } from '../store/resource-types.js';
import { type ControllerContext, sameJson } from './controller-context.js';
import { ipToNumber } from './index-pool.js';
import { isReady } from './reconcile-replica-set.js';

interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
  appProtocol?: string;
}

interface EndpointPort {
  name?: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

interface Subset {
  addresses: unknown[];
  notReadyAddresses: unknown[];
  ports: EndpointPort[];
}

/**
 * The endpoints controller: for a Service with a selector, an Endpoints object of the same name listing the matching
 * pods that have an IP, ready ones under addresses and the others under notReadyAddresses. A named targetPort is
 * looked up in each pod's containers, so pods that number it differently land in different subsets, and a pod
 * without that port is left out, as Kubernetes does. Services without a selector keep hand-written Endpoints.
 */
export function reconcileEndpoints(ctx: ControllerContext, namespace: string, name: string): void {
  const service = ctx.store.get(GR.services, namespace, name);
  const existing = ctx.store.get(GR.endpoints, namespace, name);
  if (!service) {
    if (existing) ctx.store.delete(GR.endpoints, namespace, name);
    return;
  }
  const selector = service.spec?.selector as Record<string, string> | undefined;
  if (!selector || Object.keys(selector).length === 0 || service.spec?.type === 'ExternalName') return;

  const ports = (service.spec?.ports ?? []) as ServicePort[];
  const subsets = new Map<string, Subset>();
  for (const pod of ctx.index.podsByNamespace.get(namespace)?.values() ?? []) {
    const ip = pod.status?.podIP;
    if (!ip || pod.metadata.deletionTimestamp || !matches(pod.metadata.labels, selector)) continue;
    const resolved = resolvePorts(pod, ports);
    if (ports.length > 0 && resolved.length === 0) continue;
    const signature = JSON.stringify(resolved);
    let subset = subsets.get(signature);
    if (!subset) subsets.set(signature, (subset = { addresses: [], notReadyAddresses: [], ports: resolved }));
    const address = {
      ip,
      nodeName: pod.spec?.nodeName,
      targetRef: { kind: 'Pod', namespace, name: pod.metadata.name, uid: pod.metadata.uid },
    };
    (isReady(pod) ? subset.addresses : subset.notReadyAddresses).push(address);
  }
  const byIp = (a: unknown, b: unknown) => ipToNumber((a as { ip: string }).ip) - ipToNumber((b as { ip: string }).ip);
  const packed = [...subsets.values()].map((s) => ({
    ...(s.addresses.length ? { addresses: s.addresses.sort(byIp) } : {}),
    ...(s.notReadyAddresses.length ? { notReadyAddresses: s.notReadyAddresses.sort(byIp) } : {}),
    ports: s.ports,
  }));

  const labels = { ...service.metadata.labels };
  if (service.spec?.clusterIP === 'None') labels['service.kubernetes.io/headless'] = '';
  const endpoints: KubeObject = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: {
      ...(existing?.metadata ?? { name, namespace }),
      ...(Object.keys(labels).length ? { labels } : {}),
    },
    ...(packed.length ? { subsets: packed } : {}),
  };
  if (!existing) ctx.store.create(GR.endpoints, endpoints);
  else if (
    !sameJson(existing.subsets, endpoints.subsets) ||
    !sameJson(existing.metadata.labels, endpoints.metadata.labels)
  )
    ctx.store.update(GR.endpoints, endpoints);
}

export function matches(labels: Record<string, string> | undefined, selector: Record<string, string>): boolean {
  for (const key in selector) if (labels?.[key] !== selector[key]) return false;
  return true;
}

function resolvePorts(pod: KubeObject, ports: ServicePort[]): EndpointPort[] {
  const out: EndpointPort[] = [];
  for (const port of ports) {
    const target = port.targetPort ?? port.port;
    const number = typeof target === 'number' ? target : /^\d+$/.test(target) ? Number(target) : namedPort(pod, target);
    if (number === undefined) continue;
    out.push({
      ...(port.name ? { name: port.name } : {}),
      port: number,
      protocol: port.protocol ?? 'TCP',
      ...(port.appProtocol ? { appProtocol: port.appProtocol } : {}),
    });
  }
  return out;
}

function namedPort(pod: KubeObject, name: string): number | undefined {
  for (const container of (pod.spec?.containers ?? []) as { ports?: { name?: string; containerPort: number }[] }[]) {
    for (const port of container.ports ?? []) if (port.name === name) return port.containerPort;
  }
  return undefined;
}
