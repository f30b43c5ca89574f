// Small builders of Kubernetes objects for tests that need a mesh without running the controllers.
import type { KubeObject } from '../../src/store/kube-object.js';
import { ObjectStore } from '../../src/store/object-store.js';
import { GR, resourceTypeForObject } from '../../src/store/resource-types.js';
import { groupResource } from '../../src/store/kube-object.js';

let nextIp = 10;

export function namespace(name: string, labels: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

export function pod(options: {
  namespace: string;
  workload: string;
  labels: Record<string, string>;
  sidecar?: boolean;
  env?: Record<string, string>;
  index?: number;
  serviceAccount?: string;
}): KubeObject {
  const hash = 'abc123';
  const containers: unknown[] = [
    {
      name: options.labels['app'] ?? options.workload,
      image: 'example',
      env: Object.entries(options.env ?? {}).map(([name, value]) => ({ name, value })),
    },
  ];
  if (options.sidecar !== false) containers.push({ name: 'istio-proxy', image: 'proxyv2' });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${options.workload}-${hash}-${options.index ?? 0}`,
      namespace: options.namespace,
      labels: { ...options.labels, 'pod-template-hash': hash },
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${options.workload}-${hash}`, uid: 'u', controller: true },
      ],
    },
    spec: { containers, serviceAccountName: options.serviceAccount ?? options.workload },
    status: { phase: 'Running', podIP: `10.1.0.${nextIp++}` },
  };
}

export function service(
  namespace: string,
  name: string,
  port: number,
  targetPort: number,
  portName = 'http',
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace },
    spec: { selector: { app: name }, ports: [{ name: portName, port, targetPort }] },
  };
}

/** A store holding these objects (namespaces must come first). */
export function storeWith(objects: KubeObject[]): ObjectStore {
  const store = new ObjectStore();
  for (const obj of objects) apply(store, obj);
  return store;
}

export function apply(store: ObjectStore, obj: KubeObject): KubeObject {
  const type = resourceTypeForObject(obj.apiVersion, obj.kind);
  if (!type) throw new Error(`unknown kind ${obj.apiVersion} ${obj.kind}`);
  const gr = groupResource(type.group, type.resource);
  const existing = store.get(gr, obj.metadata.namespace, obj.metadata.name);
  if (existing) return store.update(gr, { ...obj, metadata: { ...obj.metadata, resourceVersion: undefined } });
  return store.create(gr, obj);
}

export { GR };
