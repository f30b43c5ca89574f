// GitOps ownership of the objects a plan writes: the next sync of Argo CD or Flux (or a Helm upgrade) puts back what
// its repository holds, undoing the change. A warning, not a refusal, with the object as it should be in the
// repository, to commit there instead. Detection is the planner's (gitopsOwners, from labels, annotations and
// managedFields, which only the fresh read carries).
import { stringify } from 'yaml';
import type { Plan, TrafficChangeResponse } from '../../../lib/api/traffic-change.js';
import type { KubeObject } from '../../sources/kubernetes.js';
import { gitopsOwners } from './planner-pending.js';
import { keyOf } from './write-bodies.js';

type Warning = TrafficChangeResponse['warnings'][number];

/** The object as a repository would hold it: what the plan makes of it, without the server's metadata. */
function repositoryYaml(after: Record<string, unknown>): string {
  const metadata = { ...(after['metadata'] as Record<string, unknown>) };
  delete metadata['resourceVersion'];
  return stringify({ ...after, metadata });
}

export function gitopsWarnings(plan: Plan, fresh: ReadonlyMap<string, KubeObject>): Warning[] {
  const out: Warning[] = [];
  for (const o of plan.objects) {
    if (o.action === 'unchanged') continue;
    const read = fresh.get(keyOf(o.kind, o.namespace, o.name));
    if (!read) continue;
    const owners = gitopsOwners(read);
    if (owners.length === 0) continue;
    out.push({
      kind: 'gitops',
      object: { apiVersion: o.apiVersion, kind: o.kind, namespace: o.namespace, name: o.name },
      message: `${o.kind} ${o.namespace}/${o.name} is managed by ${owners.join(' and ')}: its next sync will undo this change. Commit the change to its repository instead (the patch below), or apply here and commit the same`,
      patch: o.after ? repositoryYaml(o.after) : `# delete ${o.kind} ${o.namespace}/${o.name}`,
    });
  }
  return out;
}
