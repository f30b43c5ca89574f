// The plan's GitOps warnings: one per object the change edits or deletes whose live state carries a GitOps tool's
// or Helm's marks (gitops-owners.ts), with the change as a patch to commit to the repository instead. Pure: the live
// objects are the plan's input, read with their managedFields.
import type { Plan, TrafficChangeResponse } from '../../lib/api/traffic-change.js';
import type { KubeObject } from '../sources/kubernetes.js';
import { gitopsOwners } from './gitops-owners.js';
import { kustomizePatch, manifestToCommit } from './gitops-patch.js';
import type { PlanInput } from './plan-types.js';

export type TrafficWarning = TrafficChangeResponse['warnings'][number];

export function liveObjects(input: PlanInput): KubeObject[] {
  return [...input.virtualServices, ...input.destinationRules, ...input.httpRoutes, ...input.grpcRoutes];
}

export function findLive(input: PlanInput, ref: { kind: string; namespace: string; name: string }): KubeObject | null {
  return (
    liveObjects(input).find(
      (o) =>
        o.kind === ref.kind &&
        o.metadata.name === ref.name &&
        (o.metadata.namespace ?? input.namespace) === ref.namespace,
    ) ?? null
  );
}

export function gitopsWarnings(input: PlanInput, plan: Plan): TrafficWarning[] {
  const warnings: TrafficWarning[] = [];
  for (const object of plan.objects) {
    if (object.action !== 'update' && object.action !== 'delete') continue;
    const live = findLive(input, object);
    if (!live) continue;
    const owners = gitopsOwners(live);
    if (owners.length === 0) continue;
    const flux = live.metadata.labels?.['kustomize.toolkit.fluxcd.io/name'] !== undefined;
    warnings.push({
      kind: 'gitops',
      message: owners.map((o) => o.message).join('; '),
      object: { apiVersion: object.apiVersion, kind: object.kind, namespace: object.namespace, name: object.name },
      patch: flux && object.action === 'update' ? kustomizePatch(object) : manifestToCommit(object),
    });
  }
  return warnings;
}
