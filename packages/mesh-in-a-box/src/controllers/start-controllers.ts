import { groupResource, type GroupResource, type KubeObject } from '../store/kube-object.js';
import type { ObjectStore, StoreEvent } from '../store/object-store.js';
import { GR } from '../store/resource-types.js';
import { admitBarePod } from './admit-bare-pod.js';
import { bindClaim } from './bind-claim.js';
import { collectGarbage } from './collect-garbage.js';
import { type ControllerContext, controllerOf, objectKey, splitKey, type Stage, STAGES } from './controller-context.js';
import { podIpOffset } from './create-pod.js';
import { IndexPool } from './index-pool.js';
import { ObjectIndex } from './object-index.js';
import { reconcileDaemonSet } from './reconcile-daemon-set.js';
import { reconcileDeployment } from './reconcile-deployment.js';
import { matches, reconcileEndpoints } from './reconcile-endpoints.js';
import { deleteNamespaceContents, reconcileNamespace } from './reconcile-namespace.js';
import { isReady, reconcileReplicaSet } from './reconcile-replica-set.js';
import { reconcileService, ServiceAllocator } from './reconcile-service.js';
import { reconcileStatefulSet } from './reconcile-stateful-set.js';
import { WorkQueue } from './work-queue.js';

export interface ControllerOptions {
  /** Istio's cluster id for injected sidecars (ISTIO_META_CLUSTER_ID); 'Kubernetes', Istio's default, when absent. */
  cluster?: string;
}

export interface Controllers {
  stop(): void;
  /**
   * Runs everything the controllers have to do now, synchronously. They also run by themselves right after the
   * code that wrote to the store returns (a microtask), so only code that writes and reads back in one synchronous
   * stretch, like a test, needs this.
   */
  flush(): void;
}

const CLAIMS = groupResource('', 'persistentvolumeclaims');
const OWNER_STAGES: Record<string, Stage> = {
  ReplicaSet: 'replicaset',
  StatefulSet: 'statefulset',
  DaemonSet: 'daemonset',
};
// Objects already in the store when the controllers start are taken as just added, owners after what they own so
// that nothing owned is created twice.
const SYNC_ORDER: GroupResource[] = [
  GR.namespaces,
  CLAIMS,
  GR.pods,
  GR.replicasets,
  GR.statefulsets,
  GR.daemonsets,
  GR.deployments,
  GR.services,
  GR.endpoints,
];

/**
 * What kube-controller-manager, the scheduler, kubelets and Istio's injector would do, done at once: Deployments
 * become ReplicaSets become running pods (with a sidecar where injection is on), Services get addresses and
 * Endpoints. The controllers never write from inside a store listener: they queue the event and work after the
 * writer returns, so every other listener sees events in the order they happened.
 */
export function startControllers(store: ObjectStore, options: ControllerOptions = {}): Controllers {
  const index = new ObjectIndex();
  const queue = new WorkQueue(STAGES);
  const allocator = new ServiceAllocator();
  const ctx: ControllerContext = {
    store,
    index,
    cluster: options.cluster ?? 'Kubernetes',
    podIps: new IndexPool(2, 65_534),
    enqueue: (stage, key) => queue.add(stage, key),
  };
  let events: StoreEvent[] = [];
  let draining = false;
  let scheduled = false;
  let stopped = false;

  const run = (stage: Stage, key: string): void => {
    if (stage === 'gc') return collectGarbage(ctx, key);
    if (stage === 'namespace') {
      if (store.get(GR.namespaces, undefined, key)) return reconcileNamespace(ctx, key);
      return deleteNamespaceContents(ctx, key);
    }
    const { namespace, name } = splitKey(key);
    if (stage === 'pod') return admitBarePod(ctx, namespace, name);
    if (stage === 'replicaset') return reconcileReplicaSet(ctx, namespace, name);
    if (stage === 'statefulset') return reconcileStatefulSet(ctx, namespace, name);
    if (stage === 'daemonset') return reconcileDaemonSet(ctx, namespace, name);
    if (stage === 'deployment') return reconcileDeployment(ctx, namespace, name);
    if (stage === 'service') return reconcileService(ctx, allocator, namespace, name);
    if (stage === 'endpoints') return reconcileEndpoints(ctx, namespace, name);
    return bindClaim(ctx, namespace, name);
  };

  const route = (event: StoreEvent): void => {
    const previous = index.observe(event);
    const { gr, type, object } = event;
    const { namespace, name, uid } = object.metadata;
    const key = objectKey(namespace, name);
    if (type === 'DELETED' && uid) queue.add('gc', uid);
    if (gr === GR.namespaces) queue.add('namespace', name);
    else if (gr === GR.deployments) queue.add('deployment', key);
    else if (gr === GR.replicasets) {
      queue.add('replicaset', key);
      const owner = controllerOf(object);
      if (owner?.kind === 'Deployment') queue.add('deployment', objectKey(namespace, owner.name));
    } else if (gr === GR.statefulsets) queue.add('statefulset', key);
    else if (gr === GR.daemonsets) queue.add('daemonset', key);
    else if (gr === GR.pods) routePod(event, previous);
    else if (gr === GR.services) {
      if (type === 'DELETED') allocator.release(key);
      else queue.add('service', key);
      queue.add('endpoints', key);
    } else if (gr === GR.endpoints) queue.add('endpoints', key);
    else if (gr === CLAIMS && type !== 'DELETED') queue.add('claim', key);
  };

  const routePod = ({ type, object: pod }: StoreEvent, previous: KubeObject | undefined): void => {
    const namespace = pod.metadata.namespace!;
    const offset = podIpOffset(pod.status?.podIP);
    if (type === 'DELETED') {
      if (offset !== undefined) ctx.podIps.release(offset);
    } else {
      if (offset !== undefined && previous?.status?.podIP !== pod.status?.podIP) ctx.podIps.reserve(offset);
      if (!pod.status?.phase) queue.add('pod', objectKey(namespace, pod.metadata.name));
    }
    const owner = controllerOf(pod);
    const ownerStage = owner && OWNER_STAGES[owner.kind];
    if (ownerStage) queue.add(ownerStage, objectKey(namespace, owner.name));
    if (type === 'MODIFIED' && previous && !endpointsMayChange(previous, pod)) return;
    for (const service of index.servicesByNamespace.get(namespace)?.values() ?? []) {
      const selector = service.spec?.selector as Record<string, string> | undefined;
      if (!selector || Object.keys(selector).length === 0) continue;
      if (matches(pod.metadata.labels, selector) || (previous && matches(previous.metadata.labels, selector)))
        queue.add('endpoints', objectKey(namespace, service.metadata.name));
    }
  };

  const drain = (): void => {
    scheduled = false;
    if (draining || stopped) return;
    draining = true;
    try {
      for (;;) {
        // Index every event before reconciling anything, so a reconcile sees all that happened so far.
        for (let i = 0; i < events.length; i++) route(events[i]!);
        events = [];
        const next = queue.pop();
        if (!next) break;
        try {
          run(next.stage, next.key);
        } catch (err) {
          // One object the controllers cannot handle must not stop the others.
          console.error(`mesh in a box: the ${next.stage} controller failed on ${next.key}`, err);
        }
      }
    } finally {
      draining = false;
    }
  };

  const unsubscribe = store.subscribe((event) => {
    if (stopped) return;
    events.push(event);
    if (!scheduled && !draining) {
      scheduled = true;
      queueMicrotask(drain);
    }
  });

  for (const gr of SYNC_ORDER) {
    for (const object of store.list(gr))
      events.push({ type: 'ADDED', gr, object, resourceVersion: store.resourceVersion });
  }
  if (events.length > 0) {
    scheduled = true;
    queueMicrotask(drain);
  }

  return {
    stop() {
      stopped = true;
      unsubscribe();
      events = [];
      queue.clear();
    },
    flush: drain,
  };
}

/** Only a pod's labels, address, readiness and deletion decide which Endpoints list it. */
function endpointsMayChange(before: KubeObject, after: KubeObject): boolean {
  return (
    before.status?.podIP !== after.status?.podIP ||
    isReady(before) !== isReady(after) ||
    before.metadata.deletionTimestamp !== after.metadata.deletionTimestamp ||
    JSON.stringify(before.metadata.labels) !== JSON.stringify(after.metadata.labels)
  );
}
