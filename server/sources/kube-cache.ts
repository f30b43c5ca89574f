// What the views read of a Kubernetes source: its watch cache, which builders take as data and a bench can fake, and
// the one check every view makes before it reads a namespace.
import { NotFoundError, RefusedError } from '../errors.js';
import type { KubernetesSource } from './kubernetes.js';

/** The part of a Kubernetes source that reads its cache (no I/O). */
export type KubeCache = Pick<KubernetesSource, 'get' | 'list'>;

/**
 * Throws NotFoundError naming the namespace when the cache has no such namespace, and RefusedError 403 when it exists
 * but the person the view is for may not see it (kubernetes-as-user.ts): as kubectl, forbidden is not "not found".
 */
export function requireNamespace(
  cache: KubeCache & Partial<Pick<KubernetesSource, 'shared' | 'user'>>,
  namespace: string,
): void {
  if (cache.get('Namespace', undefined, namespace)) return;
  if (cache.shared && cache.shared !== cache && cache.shared.get('Namespace', undefined, namespace))
    throw namespaceRefusal(cache.user ?? 'you', namespace);
  throw new NotFoundError(`namespace ${namespace} does not exist`);
}

/** A person may not see a namespace: what they lack, in the words of a Kubernetes refusal, and what to ask for. */
export function namespaceRefusal(who: string, namespace: string): RefusedError {
  return new RefusedError(
    403,
    'forbidden',
    `${who} may not get namespaces/${namespace}: no Role or ClusterRole bound to them allows "get" on "namespaces" in namespace ${namespace}; ask for a RoleBinding there (e.g. to the "view" ClusterRole)`,
  );
}
