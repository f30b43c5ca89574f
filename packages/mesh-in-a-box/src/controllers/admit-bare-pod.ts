import { GR } from '../store/resource-types.js';
import type { ControllerContext } from './controller-context.js';
import { admitPod, allocatePodIp } from './create-pod.js';
import { recordPodEvents } from './record-pod-events.js';
import { runPod } from './run-pod.js';

/**
 * A pod written to the store directly (kubectl apply of a Pod) has not met the injector, the scheduler or a kubelet:
 * give it all three, once. Pods the controllers create arrive complete and are left alone.
 */
export function admitBarePod(ctx: ControllerContext, namespace: string, name: string): void {
  const pod = ctx.store.get(GR.pods, namespace, name);
  if (!pod || pod.status?.phase) return;
  const owner = pod.metadata.ownerReferences?.find((o) => o.controller);
  // Istio names a pod without an owner after itself, and points ISTIO_META_OWNER at the pod.
  const admitted = owner
    ? admitPod(ctx, pod, owner.name, { apiPath: `apis/${owner.apiVersion}`, resource: `${owner.kind.toLowerCase()}s` })
    : admitPod(ctx, pod, pod.metadata.name, { apiPath: 'api/v1', resource: 'pods' });
  recordPodEvents(ctx.store, ctx.store.update(GR.pods, runPod(admitted, allocatePodIp(ctx))));
}
