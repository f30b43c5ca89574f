// The changes to Istio objects one cluster's watch has seen, in memory and bounded (pure apart from the clock it is
// given): fed with watch events, asked for the changes touching an entity between two instants.
import type { KubeObject, ObjectEvent } from '../sources/kubernetes.js';
import type { KubeCache } from '../sources/kube-cache.js';
import { describeChange } from './change-author.js';
import { configTarget, sidecarApplies } from '../mesh/applied-config.js';
import { linkServices } from '../mesh/build-mesh.js';
import { reachOf, reaches, type ConfigReach } from '../mesh/config-reach.js';
import { namespaceWorkloads } from '../mesh/namespace-workloads.js';
import type { EntityRef } from '../../lib/api/entity-ref.js';
import type { ConfigChange } from './change-types.js';

// A busy mesh's GitOps loop may rewrite hundreds of objects a minute; the newest this many are kept.
const MAX_CHANGES = 10_000;

interface Recorded {
  change: ConfigChange;
  /** What the object configured as this change left it (a deletion: as it was), by the Overview's own rules. */
  reach: ConfigReach;
  /** A Sidecar as the change left it: whether it applies depends on the other Sidecars (applied-config.ts). */
  sidecar?: KubeObject;
}

export interface ChangeLog {
  /** A watch event: kept when it changed an Istio object's config (its generation), not its status or metadata. */
  record(event: ObjectEvent): void;
  /** The changes touching the entity between two instants (unix seconds, inclusive), oldest first. */
  touching(entity: EntityRef, fromSeconds: number, toSeconds: number): ConfigChange[];
  /** Every change kept, oldest first. */
  all(): ConfigChange[];
}

export function createChangeLog(options: {
  cache: KubeCache;
  rootNamespace: string;
  istioKinds: ReadonlySet<string>;
  max?: number;
  nowSeconds?: () => number;
}): ChangeLog {
  const max = options.max ?? MAX_CHANGES;
  const now = options.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  // Ring buffer: `start` is the oldest once full.
  const ring: Recorded[] = [];
  let start = 0;
  // Each object's generation when last seen: a status write or a resync keeps it, so is no change.
  const generations = new Map<string, number | undefined>();

  const push = (r: Recorded) => {
    if (ring.length < max) ring.push(r);
    else {
      ring[start] = r;
      start = (start + 1) % max;
    }
  };
  const inOrder = () => [...ring.slice(start), ...ring.slice(0, start)];

  return {
    record({ type, kind, object }) {
      if (!options.istioKinds.has(kind)) return;
      const namespace = object.metadata.namespace ?? '';
      const key = `${kind}/${namespace}/${object.metadata.name}`;
      const generation = typeof object.metadata['generation'] === 'number' ? object.metadata['generation'] : undefined;
      if (type === 'delete') generations.delete(key);
      else {
        const seen = generations.has(key);
        const before = generations.get(key);
        generations.set(key, generation);
        if (seen && generation !== undefined && before === generation) return;
      }
      const described = describeChange(type, object, now());
      push({
        change: { ...described, kind, namespace, name: object.metadata.name },
        reach: reachOf(kind, object, options.rootNamespace),
        ...(kind === 'Sidecar' ? { sidecar: { ...object, kind } } : {}),
      });
    },
    touching(entity, fromSeconds, toSeconds) {
      const workloads = namespaceWorkloads(options.cache, entity.namespace);
      const links = linkServices(workloads, options.cache.list('Service', entity.namespace));
      const target = configTarget(workloads, links, entity);
      const applies = (r: Recorded) =>
        r.sidecar
          ? sidecarApplies(r.sidecar, options.cache.list('Sidecar'), target, options.rootNamespace)
          : reaches(r.reach, target);
      return inOrder()
        .filter((r) => r.change.time >= fromSeconds && r.change.time <= toSeconds && applies(r))
        .map((r) => r.change)
        .sort((a, b) => a.time - b.time);
    },
    all: () => inOrder().map((r) => r.change),
  };
}
