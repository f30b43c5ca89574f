import type { KubeObject } from '../store/kube-object.js';
import { BEHAVIOUR_ANNOTATION, type Behaviour } from '../traffic/behaviour.js';

export const labelOf = (pod: KubeObject, label: string): string | undefined => pod.metadata.labels?.[label];

/** The value of an environment variable in any of the pod's containers, as the app would read it. */
export function envOf(pod: KubeObject, name: string): string | undefined {
  for (const container of (pod.spec?.containers ?? []) as { env?: { name: string; value?: string }[] }[]) {
    const found = container.env?.find((e) => e.name === name);
    if (found) return found.value;
  }
  return undefined;
}

/** The Behaviour a pod carries in BEHAVIOUR_ANNOTATION, if any and if it parses. */
export function annotatedBehaviour(pod: KubeObject): Behaviour | undefined {
  const json = pod.metadata.annotations?.[BEHAVIOUR_ANNOTATION];
  if (!json) return undefined;
  try {
    return JSON.parse(json) as Behaviour;
  } catch {
    return undefined;
  }
}
