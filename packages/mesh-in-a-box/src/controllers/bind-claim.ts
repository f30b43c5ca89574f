import { randomUUID } from 'node:crypto';
import { groupResource } from '../store/kube-object.js';
import type { ControllerContext } from './controller-context.js';

const CLAIMS = groupResource('', 'persistentvolumeclaims');

/** kind's local-path provisioner, instantly: every PersistentVolumeClaim is Bound to a new volume of its size. */
export function bindClaim(ctx: ControllerContext, namespace: string, name: string): void {
  const claim = ctx.store.get(CLAIMS, namespace, name);
  if (!claim || claim.status?.phase) return;
  const accessModes = claim.spec?.accessModes ?? ['ReadWriteOnce'];
  ctx.store.update(CLAIMS, {
    ...claim,
    spec: {
      ...claim.spec,
      accessModes,
      storageClassName: claim.spec?.storageClassName ?? 'standard',
      volumeMode: claim.spec?.volumeMode ?? 'Filesystem',
      volumeName: claim.spec?.volumeName ?? `pvc-${randomUUID()}`,
    },
    status: { phase: 'Bound', accessModes, capacity: { storage: claim.spec?.resources?.requests?.storage ?? '1Gi' } },
  });
}
