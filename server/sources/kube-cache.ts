// What the views read of a Kubernetes source: its watch cache, which builders take as data and a bench can fake, and
// the one check every view makes before it reads a namespace.
import { NotFoundError } from '../errors.js';
import type { KubernetesSource } from './kubernetes.js';

/** The part of a Kubernetes source that reads its cache (no I/O). */
export type KubeCache = Pick<KubernetesSource, 'get' | 'list'>;

/** Throws NotFoundError naming the namespace when the cache has no such namespace. */
export function requireNamespace(cache: KubeCache, namespace: string): void {
  if (!cache.get('Namespace', undefined, namespace)) throw new NotFoundError(`namespace ${namespace} does not exist`);
}
