// The sources a route reads for the person it serves: under the anonymous strategy the console's own; otherwise a
// view of the first cluster's shared watch cache filtered by the person's rights, whose calls to the API carry the
// person's credentials. One view per person and rights, kept while used: the graph's topology cache and the envoy
// source key on it, so a person's second request reuses what their first built.
import { RefusedError } from '../../errors.js';
import { createEnvoySource } from '../../sources/envoy.js';
import { namespaceRefusal } from '../../sources/kube-cache.js';
import { kubernetesAsUser } from '../../sources/kubernetes-as-user.js';
import { getSources, type Sources } from '../../sources/sources.js';
import type { AccessRequest } from '../access-rules.js';
import type { RequestUser } from '../request-user.js';
import { getAuth } from './auth-runtime.js';
import { credentialsKey } from './user-access.js';

const MAX_VIEWS = 64;

// Next.js may load this module once per route bundle; globalThis keeps one set of views per process.
const slot = globalThis as typeof globalThis & { __sextantViews?: Map<string, Sources> };

/** Persons' views kept (the LRU of at most MAX_VIEWS), for /metrics. */
export function viewsHeld(): number {
  return slot.__sextantViews?.size ?? 0;
}

/** The process-wide sources as `user` may see them. */
export async function sourcesFor(user: RequestUser, signal?: AbortSignal): Promise<Sources> {
  const sources = await getSources();
  if (user.credentials.kind === 'console') return sources;
  const namespaces = sources.kubernetes.list('Namespace').map((n) => n.metadata.name);
  const access = await (await getAuth().access()).accessFor(user.credentials, namespaces, signal);
  const views = (slot.__sextantViews ??= new Map());
  const key = `${credentialsKey(user.credentials)}\n${user.name}\n${access.key}`;
  let view = views.get(key);
  if (view && view.config === sources.config) {
    views.delete(key); // least recently used last
  } else {
    const kubernetes = kubernetesAsUser(sources.kubernetes, user, access);
    view = {
      ...sources,
      kubernetes,
      // A login is a login to the first cluster: the person's token means nothing to the others.
      clusters: new Map([[kubernetes.cluster, kubernetes]]),
      envoy: createEnvoySource(kubernetes, sources.config.envoy),
      access,
    };
  }
  views.set(key, view);
  while (views.size > MAX_VIEWS) views.delete(views.keys().next().value!);
  return view;
}

/**
 * Refuses (403) a request about a namespace the person may not see, naming what they lack, as kubectl would
 * ("cannot get resource namespaces … in the namespace"): the shared cache would otherwise answer 404 for what exists.
 */
export function requireNamespace(sources: Sources, namespace: string, what?: AccessRequest): void {
  const access = sources.access;
  if (!access.restricted) return;
  const who = sources.kubernetes.user;
  if (!access.visibleNamespaces().has(namespace)) throw namespaceRefusal(who, namespace);
  if (what && !access.can(what, namespace))
    throw new RefusedError(
      403,
      'forbidden',
      `${who} may not ${what.verb} ${what.group ? `${what.resource}.${what.group}` : what.resource} in namespace ${namespace}; ask for a Role that allows it`,
    );
}
