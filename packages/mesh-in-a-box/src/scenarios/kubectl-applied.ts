// The scenarios' app objects stand for what a person created with `kubectl apply -f`, so they carry the annotation
// kubectl apply writes. Without it, a later `kubectl apply` of the same object (the article's VirtualService and
// DestinationRule sa-logic) prints "Warning: resource … is missing the kubectl.kubernetes.io/last-applied-configuration
// annotation", which reads as if the demo were broken.
import type { KubeObject } from '../store/kube-object.js';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * What kubectl writes (k8s.io/kubectl/pkg/util/apply.go, GetModifiedConfiguration): the object as given, with its
 * namespace filled in and this annotation removed from its annotations (leaving `{}` when it had no others), encoded
 * as Go's encoding/json encodes an unstructured object (map keys sorted, no spaces) followed by a newline.
 */
export function lastAppliedConfiguration(object: KubeObject): string {
  const annotations = { ...object.metadata.annotations };
  delete annotations[LAST_APPLIED];
  const applied = { ...object, metadata: { ...object.metadata, annotations } };
  return `${JSON.stringify(sortKeys(applied))}\n`;
}

/** A copy of each object as `kubectl apply` would have created it. */
export function asKubectlApplied(objects: KubeObject[]): KubeObject[] {
  return objects.map((object) => ({
    ...object,
    metadata: {
      ...object.metadata,
      annotations: { ...object.metadata.annotations, [LAST_APPLIED]: lastAppliedConfiguration(object) },
    },
  }));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}
