// The console's validators: the watch cache → one Validator per cluster, brought up to date before each answer by
// re-validating only what changed since (objects compared by resourceVersion, for equality only), and only when the
// cache changed at all. The object that keeps them is created once per process (server/caches.ts) and passed to the
// loaders that need it.
import type { KubernetesSource } from '../../sources/kubernetes.js';
import { WalkableWeakMap } from '../../walkable-weak-map.js';
import { CORE_KINDS } from '../../sources/watched-kinds.js';
import { Validator } from '../engine.js';
import { identity, toEntry } from '../entries.js';
import { engineKind } from '../kinds.js';
import type { Entry, K8sObject } from '../types.js';

interface Live {
  validator: Validator;
  versions: Map<string, string>; // entry id → resourceVersion
  changes: number; // the cache's change count when last synchronised
}

export interface LiveValidators {
  /** The cluster's validator, synchronised with its watch cache (the shared one behind a person's view). */
  validatorOf(kubernetes: KubernetesSource): Validator;
  /** What they hold, for /metrics: one validator per cluster, and the objects they validate. */
  held(): { validators: number; objects: number };
}

export function createLiveValidators(): LiveValidators {
  const lives = new WalkableWeakMap<KubernetesSource, Live>();
  return {
    validatorOf(view) {
      // One validator per cluster, over every object: a person's view (kubernetes-as-user.ts) shares it, and what
      // they are shown of its findings is filtered by what they may see.
      const kubernetes = view.shared;
      // Walking every cached object (pods included) costs milliseconds at thousands of workloads; skip it when
      // nothing changed since the last walk.
      const changes = kubernetes.changes();
      let live = lives.get(kubernetes);
      if (live && live.changes === changes) return live.validator;
      const kinds = [...CORE_KINDS, ...kubernetes.istioKinds().map((k) => k.kind)];
      const upsert: Entry[] = [];
      const seen = new Set<string>();
      for (const kind of kinds)
        for (const raw of kubernetes.list(kind)) {
          const obj = raw as unknown as K8sObject;
          const id = identity(
            engineKind(obj.apiVersion, kind),
            kind === 'Namespace' ? '' : (raw.metadata.namespace ?? ''),
            raw.metadata.name,
          );
          seen.add(id);
          const rv = raw.metadata.resourceVersion ?? '';
          if (live && live.versions.get(id) === rv) continue;
          upsert.push(toEntry({ ...obj, kind: obj.kind ?? kind }, 'default'));
        }
      if (!live) {
        live = { validator: new Validator(upsert, { namespacesComplete: true }), versions: new Map(), changes };
        lives.set(kubernetes, live);
      } else {
        const remove = [...live.versions.keys()].filter((id) => !seen.has(id));
        if (upsert.length > 0 || remove.length > 0) live.validator.update({ upsert, remove });
        for (const id of remove) live.versions.delete(id);
      }
      for (const e of upsert) live.versions.set(e.id, e.object.metadata?.resourceVersion ?? '');
      live.changes = changes;
      return live.validator;
    },
    held() {
      let validators = 0;
      let objects = 0;
      for (const live of lives.values()) {
        validators++;
        objects += live.versions.size;
      }
      return { validators, objects };
    },
  };
}
