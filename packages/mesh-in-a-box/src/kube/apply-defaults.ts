import { createHash } from 'node:crypto';
import type { KubeObject } from '../store/kube-object.js';
import { normalizeLeaseTimes } from './lease-rules.js';

// The few defaults the real API server fills in that kubectl shows or that later writes depend on. The three-way
// patches kubectl computes leave server-set fields alone, so re-applying a manifest keeps them.

/** A stable virtual IP in the default 10.96.0.0/12 service range, derived from the service's name. */
function clusterIpFor(namespace: string, name: string): string {
  const digest = createHash('sha256').update(`${namespace}/${name}`).digest();
  return `10.96.${digest[0]!}.${(digest[1]! % 253) + 1}`;
}

interface ServicePortSpec {
  port: number;
  protocol?: string;
  targetPort?: number | string;
}

/** Fills defaults into `obj` (a fresh copy, edited in place); `existing` is the stored object on update. */
export function applyDefaults(obj: KubeObject, existing: KubeObject | undefined): void {
  switch (`${obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : ''}/${obj.kind}`) {
    case '/Namespace':
      obj.spec = { finalizers: ['kubernetes'], ...obj.spec };
      obj.status = { phase: 'Active', ...obj.status };
      break;
    case '/Service': {
      const spec = (obj.spec ??= {});
      spec.type ??= 'ClusterIP';
      spec.sessionAffinity ??= 'None';
      if (spec.type !== 'ExternalName') {
        spec.clusterIP ??= existing?.spec?.clusterIP ?? clusterIpFor(obj.metadata.namespace ?? '', obj.metadata.name);
        spec.clusterIPs ??= spec.clusterIP === 'None' ? ['None'] : [spec.clusterIP];
      }
      for (const port of (spec.ports ?? []) as ServicePortSpec[]) {
        port.protocol ??= 'TCP';
        port.targetPort ??= port.port;
      }
      obj.status ??= { loadBalancer: {} };
      break;
    }
    case 'apps/Deployment':
    case 'apps/StatefulSet':
    case 'apps/ReplicaSet':
      obj.spec ??= {};
      obj.spec.replicas ??= 1;
      break;
    case '/Pod':
      obj.status ??= { phase: 'Pending' };
      break;
    case '/PersistentVolumeClaim':
      obj.status ??= { phase: 'Pending' };
      break;
    case 'coordination.k8s.io/Lease':
      normalizeLeaseTimes(obj);
      break;
  }
}
