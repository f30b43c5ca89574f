import type { KubeObject } from '../store/kube-object.js';
import { GR } from '../store/resource-types.js';
import { condition, type ControllerContext, ownerReferenceTo, sameJson } from './controller-context.js';
import { podTemplateHash } from './pod-template-hash.js';
import { nowTimestamp } from './run-pod.js';

const REVISION = 'deployment.kubernetes.io/revision';
const HASH_LABEL = 'pod-template-hash';

/**
 * kube-controller-manager's deployment controller, with rollouts that finish at once: the ReplicaSet of the current
 * template gets all replicas, every older one is scaled to 0 and kept as history (revisionHistoryLimit), and the
 * status sums the ReplicaSets' own.
 */
export function reconcileDeployment(ctx: ControllerContext, namespace: string, name: string): void {
  const deployment = ctx.store.get(GR.deployments, namespace, name);
  if (!deployment) return;
  const replicas: number = deployment.spec?.replicas ?? 1;
  const hash = templateHash(deployment);
  const owned = ctx.index
    .dependentsOf(deployment.metadata.uid, GR.replicasets)
    .map((key) => ctx.store.get(GR.replicasets, key.namespace, key.name))
    .filter((rs): rs is KubeObject => rs !== undefined);
  const maxRevision = Math.max(0, ...owned.map(revisionOf));
  const current = owned.find((rs) => rs.metadata.labels?.[HASH_LABEL] === hash);
  let wrote = false;

  if (!current) {
    createReplicaSet(ctx, deployment, hash, replicas, maxRevision + 1);
    wrote = true;
  } else if (current.spec?.replicas !== replicas || (revisionOf(current) < maxRevision && owned.length > 1)) {
    // Going back to an older template reuses its ReplicaSet, which becomes the newest revision again.
    const revision = revisionOf(current) < maxRevision ? maxRevision + 1 : revisionOf(current);
    ctx.store.update(GR.replicasets, {
      ...current,
      metadata: {
        ...current.metadata,
        annotations: { ...current.metadata.annotations, ...rsAnnotations(replicas, revision) },
      },
      spec: { ...current.spec, replicas },
    });
    wrote = true;
  }
  for (const old of owned) {
    if (old === current || old.spec?.replicas === 0) continue;
    ctx.store.update(GR.replicasets, { ...old, spec: { ...old.spec, replicas: 0 } });
    wrote = true;
  }
  pruneHistory(ctx, deployment, owned, current);
  // The ReplicaSets' events bring this deployment back once their pods exist; a status now would be stale at once.
  if (wrote || !current) return;
  writeStatus(ctx, deployment, owned, current, replicas);
}

function createReplicaSet(
  ctx: ControllerContext,
  deployment: KubeObject,
  hash: string,
  replicas: number,
  revision: number,
) {
  const template = deployment.spec?.template ?? {};
  const labels = { ...template.metadata?.labels, [HASH_LABEL]: hash };
  ctx.store.create(GR.replicasets, {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${deployment.metadata.name}-${hash}`,
      namespace: deployment.metadata.namespace,
      labels,
      annotations: rsAnnotations(replicas, revision),
      ownerReferences: [ownerReferenceTo(deployment)],
    },
    spec: {
      replicas,
      ...(deployment.spec?.minReadySeconds ? { minReadySeconds: deployment.spec.minReadySeconds } : {}),
      selector: {
        ...deployment.spec?.selector,
        matchLabels: { ...deployment.spec?.selector?.matchLabels, [HASH_LABEL]: hash },
      },
      template: { ...template, metadata: { ...template.metadata, labels } },
    },
    status: { replicas: 0 },
  });
}

// Stored objects are frozen and status writes keep the spec object, so a template's hash can be remembered by identity.
const hashes = new WeakMap<object, string>();

function templateHash(deployment: KubeObject): string {
  const template = deployment.spec?.template ?? {};
  const collisions = deployment.status?.collisionCount;
  if (collisions) return podTemplateHash(template, collisions);
  let hash = hashes.get(template);
  if (!hash) hashes.set(template, (hash = podTemplateHash(template)));
  return hash;
}

function rsAnnotations(replicas: number, revision: number): Record<string, string> {
  return {
    'deployment.kubernetes.io/desired-replicas': String(replicas),
    'deployment.kubernetes.io/max-replicas': String(replicas + 1),
    [REVISION]: String(revision),
  };
}

function pruneHistory(ctx: ControllerContext, deployment: KubeObject, owned: KubeObject[], current?: KubeObject) {
  const limit: number = deployment.spec?.revisionHistoryLimit ?? 10;
  const old = owned.filter((rs) => rs !== current).sort((a, b) => revisionOf(a) - revisionOf(b));
  for (const rs of old.slice(0, Math.max(0, old.length - limit))) {
    if (ctx.store.get(GR.replicasets, rs.metadata.namespace, rs.metadata.name))
      ctx.store.delete(GR.replicasets, rs.metadata.namespace, rs.metadata.name);
  }
}

function writeStatus(
  ctx: ControllerContext,
  deployment: KubeObject,
  owned: KubeObject[],
  current: KubeObject,
  replicas: number,
): void {
  const sum = (field: string) => owned.reduce((total, rs) => total + (Number(rs.status?.[field]) || 0), 0);
  const total = sum('replicas');
  const available = sum('availableReplicas');
  const at = nowTimestamp();
  const previous = deployment.status?.conditions;
  const status = omitZero({
    observedGeneration: deployment.metadata.generation,
    replicas: total,
    updatedReplicas: Number(current.status?.replicas) || 0,
    readyReplicas: sum('readyReplicas'),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, total - available),
    conditions: [
      condition(
        previous,
        available >= replicas
          ? {
              type: 'Available',
              status: 'True',
              reason: 'MinimumReplicasAvailable',
              message: 'Deployment has minimum availability.',
            }
          : {
              type: 'Available',
              status: 'False',
              reason: 'MinimumReplicasUnavailable',
              message: 'Deployment does not have minimum availability.',
            },
        at,
        true,
      ),
      condition(
        previous,
        {
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
          message: `ReplicaSet "${current.metadata.name}" has successfully progressed.`,
        },
        at,
        true,
      ),
    ],
    ...(deployment.status?.collisionCount ? { collisionCount: deployment.status.collisionCount } : {}),
  });
  const revision = String(revisionOf(current));
  if (sameJson(status, deployment.status) && deployment.metadata.annotations?.[REVISION] === revision) return;
  ctx.store.update(GR.deployments, {
    ...deployment,
    metadata: { ...deployment.metadata, annotations: { ...deployment.metadata.annotations, [REVISION]: revision } },
    status,
  });
}

function revisionOf(rs: KubeObject): number {
  return Number(rs.metadata.annotations?.[REVISION]) || 0;
}

/** Kubernetes leaves zero counts out of workload status (omitempty). */
export function omitZero<T extends Record<string, unknown>>(status: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(status) as [keyof T, T[keyof T]][]) if (v !== 0 && v !== undefined) out[k] = v;
  return out;
}
