// What the hop records leave out but the proxies print, read from the traffic model's view of the cluster: the
// container port behind a Service port, and the app container's name.

import type { MeshIndex } from '../traffic/mesh-index.js';
import type { WorkloadRef } from '../traffic/hop.js';
import type { TargetPortOf } from './access-log-addresses.js';

export interface MeshLookups {
  targetPortOf: TargetPortOf;
  appContainerOf: (workload: WorkloadRef) => string | undefined;
}

/** `mesh` is called on each lookup, since the traffic model rebuilds its index when objects change. */
export function meshLookups(mesh: () => MeshIndex): MeshLookups {
  // Refs are shared by every hop of a pod until the index is rebuilt, so a weak cache answers nearly every call.
  const appContainers = new WeakMap<WorkloadRef, string | undefined>();
  return {
    targetPortOf: (service, destination) => {
      const servicePort = mesh()
        .servicesByHost.get(service.host)
        ?.ports.find((port) => port.port === service.port);
      const target = servicePort?.targetPort ?? service.port;
      if (typeof target === 'number') return target;
      // A named targetPort resolves per pod, through the container port of that name.
      const pod = mesh().podsByKey.get(`${destination.namespace}/${destination.pod}`);
      return pod?.containerPorts.get(target) ?? service.port;
    },
    appContainerOf: (workload) => {
      if (appContainers.has(workload)) return appContainers.get(workload);
      const pod = mesh().podsByKey.get(`${workload.namespace}/${workload.pod}`);
      const containers = (pod?.object.spec?.containers ?? []) as { name: string }[];
      const name = containers.find((container) => container.name !== 'istio-proxy')?.name;
      appContainers.set(workload, name);
      return name;
    },
  };
}
