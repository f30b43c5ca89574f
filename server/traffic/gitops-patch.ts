// The change as a person commits it to the repository a GitOps tool syncs from: the object as it should be (for a
// plain manifest), and for Flux's kustomize-controller a kustomize JSON 6902 patch too (kustomize's `patches` with a
// target and an RFC 6902 patch, kubectl.docs.kubernetes.io, kustomization patches).
import { stringify } from 'yaml';
import type { PlannedObject } from '../../lib/api/traffic-change.js';

/** The object after the change, without the cluster's bookkeeping (resourceVersion), as YAML to commit. */
export function manifestToCommit(object: PlannedObject): string {
  const after = object.after as { metadata?: Record<string, unknown> } | null;
  if (!after) return `# delete ${object.kind} ${object.namespace}/${object.name} from the repository\n`;
  const { resourceVersion: _rv, ...metadata } = after.metadata ?? {};
  void _rv;
  return stringify({ ...after, metadata }, { lineWidth: 0 });
}

/** A kustomization.yaml `patches` entry with the plan's JSON patch for this object. */
export function kustomizePatch(object: PlannedObject): string {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
  const ops = object.patch.filter((op) => !String(op.path ?? '').startsWith('/metadata/resourceVersion'));
  const entry = {
    patches: [
      {
        target: { group, version, kind: object.kind, namespace: object.namespace, name: object.name },
        patch: stringify(ops, { lineWidth: 0 }),
      },
    ],
  };
  return stringify(entry, { lineWidth: 0 });
}
