import type { KubeObject } from '../store/kube-object.js';
import { GR } from '../store/resource-types.js';
import { type ControllerContext, sameJson } from './controller-context.js';
import { IndexPool, ipAt, ipToNumber } from './index-pool.js';

// kind's defaults: services from 10.96.0.0/16 (10.96.0.1 is the API server's `kubernetes` service, 10.96.0.10 the
// DNS), node ports from 30000-32767, and load balancer addresses from a MetalLB-style pool on the node network.
const SERVICE_CIDR_BASE = '10.96.0.0';
const LOAD_BALANCER_BASE = '172.18.255.0';

/** The API server's service allocators and a load balancer provider, answering at once. */
export class ServiceAllocator {
  private readonly clusterIps = new IndexPool(11, 65_534);
  private readonly nodePorts = new IndexPool(30_000, 32_767);
  private readonly loadBalancerIps = new IndexPool(200, 250);
  private readonly byService = new Map<string, { clusterIp?: string; loadBalancerIp?: string; nodePorts: number[] }>();

  /** The service with clusterIP, node ports and load balancer address filled in; the same object when complete. */
  complete(key: string, service: KubeObject): KubeObject {
    const spec = service.spec ?? {};
    const type: string = spec.type ?? 'ClusterIP';
    const held = this.hold(key);
    const next = { ...spec, type, sessionAffinity: spec.sessionAffinity ?? 'None' };
    if (type !== 'ExternalName') {
      if (!spec.clusterIP) next.clusterIP = held.clusterIp ??= ipAt(SERVICE_CIDR_BASE, this.clusterIps.allocate());
      else if (spec.clusterIP !== 'None' && !held.clusterIp) {
        this.clusterIps.reserve(ipToNumber(spec.clusterIP) - ipToNumber(SERVICE_CIDR_BASE));
        held.clusterIp = spec.clusterIP;
      }
      next.clusterIPs = spec.clusterIPs ?? [next.clusterIP];
      next.ipFamilies = spec.ipFamilies ?? ['IPv4'];
      next.ipFamilyPolicy = spec.ipFamilyPolicy ?? 'SingleStack';
      next.internalTrafficPolicy = spec.internalTrafficPolicy ?? 'Cluster';
    }
    const exposed = type === 'NodePort' || type === 'LoadBalancer';
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    next.ports = ((spec.ports ?? []) as any[]).map((port, i) => {
      const out = { ...port, protocol: port.protocol ?? 'TCP', targetPort: port.targetPort ?? port.port };
      if (exposed && !port.nodePort) out.nodePort = held.nodePorts[i] ??= this.nodePorts.allocate();
      return out;
    });
    if (exposed) next.externalTrafficPolicy = spec.externalTrafficPolicy ?? 'Cluster';
    let status = service.status ?? { loadBalancer: {} };
    if (type === 'LoadBalancer') {
      next.allocateLoadBalancerNodePorts = spec.allocateLoadBalancerNodePorts ?? true;
      held.loadBalancerIp ??= ipAt(LOAD_BALANCER_BASE, this.loadBalancerIps.allocate());
      status = { loadBalancer: { ingress: [{ ip: held.loadBalancerIp, ipMode: 'VIP' }] } };
    }
    if (sameJson(next, spec) && sameJson(status, service.status)) return service;
    return { ...service, spec: next, status };
  }

  release(key: string): void {
    const held = this.byService.get(key);
    if (!held) return;
    if (held.clusterIp) this.clusterIps.release(ipToNumber(held.clusterIp) - ipToNumber(SERVICE_CIDR_BASE));
    if (held.loadBalancerIp)
      this.loadBalancerIps.release(ipToNumber(held.loadBalancerIp) - ipToNumber(LOAD_BALANCER_BASE));
    for (const port of held.nodePorts) if (port) this.nodePorts.release(port);
    this.byService.delete(key);
  }

  private hold(key: string) {
    let held = this.byService.get(key);
    if (!held) this.byService.set(key, (held = { nodePorts: [] }));
    return held;
  }
}

export function reconcileService(ctx: ControllerContext, allocator: ServiceAllocator, namespace: string, name: string) {
  const service = ctx.store.get(GR.services, namespace, name);
  if (!service) return;
  const completed = allocator.complete(`${namespace}/${name}`, service);
  if (completed !== service) ctx.store.update(GR.services, completed);
}
