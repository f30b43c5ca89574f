// Istio config from the cache: lists by namespace and kind, and one object as the cluster stores it.
import type { z } from 'zod';
import type { IstioConfigItem, istioObjectResponse } from '../../../lib/api/istio-config.js';
import { NotFoundError } from '../../errors.js';
import type { IstioKind } from '../../../lib/istio-kinds.js';
import type { KubeObject } from '../../sources/kubernetes.js';
import type { Sources } from '../../sources/sources.js';
import { requireNamespace } from '../../sources/kube-cache.js';

export function listIstioConfig(sources: Sources, q: { namespace?: string; kind?: IstioKind }): IstioConfigItem[] {
  const { kubernetes } = sources;
  if (q.namespace) requireNamespace(kubernetes, q.namespace);
  const items: IstioConfigItem[] = [];
  for (const served of kubernetes.istioKinds()) {
    if (q.kind && served.kind !== q.kind) continue;
    for (const obj of kubernetes.list(served.kind, q.namespace)) {
      items.push({
        apiVersion: obj.apiVersion ?? served.apiVersion,
        kind: served.kind,
        namespace: obj.metadata.namespace ?? '',
        name: obj.metadata.name,
        resourceVersion: obj.metadata.resourceVersion ?? '',
        ...(obj.metadata.creationTimestamp ? { creationTimestamp: obj.metadata.creationTimestamp } : {}),
      });
    }
  }
  return items.sort(
    (a, b) => a.namespace.localeCompare(b.namespace) || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name),
  );
}

export function getIstioObject(
  sources: Sources,
  namespace: string,
  kind: IstioKind,
  name: string,
): z.infer<typeof istioObjectResponse> {
  const { kubernetes } = sources;
  requireNamespace(kubernetes, namespace);
  const served = kubernetes.istioKinds().find((k) => k.kind === kind);
  if (!served) throw new NotFoundError(`this cluster does not serve ${kind} (is Istio installed?)`);
  const obj = kubernetes.get(kind, namespace, name);
  if (!obj) throw new NotFoundError(`${kind} ${name} does not exist in namespace ${namespace}`);
  // managedFields is server bookkeeping nobody reads in a console.
  const { managedFields: _managedFields, ...metadata } = obj.metadata;
  return {
    ...obj,
    apiVersion: obj.apiVersion ?? served.apiVersion,
    kind,
    metadata: metadata as KubeObject['metadata'],
  };
}
