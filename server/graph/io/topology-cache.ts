// A graph's topology depends only on the watch cache and the namespaces drawn; at thousands of workloads it takes a
// few hundred milliseconds, so it is kept (one per cluster) until the cache changes or other namespaces are asked.
// The object that keeps it is created once per process (server/caches.ts) and handed to loadGraph.
import type { KubernetesSource } from '../../sources/kubernetes.js';
import type { LiveValidators } from '../../validation/io/live-validator.js';
import type { GraphTopology } from '../build-graph.js';
import { configFindings, type CheckedObject, type ConfigFindings } from '../config-findings.js';
import { graphTopology } from '../graph-topology.js';

export interface TopologyCache {
  /** The topology of these namespaces, built again only when the cache changed or the namespaces differ. */
  topologyOf(kubernetes: KubernetesSource, namespaces: ReadonlySet<string>): GraphTopology;
}

/** Findings of the live validator, by what they touch; none when validation fails (the graph does not need it). */
function liveFindings(validators: LiveValidators, kubernetes: KubernetesSource): ConfigFindings | undefined {
  try {
    const validator = validators.validatorOf(kubernetes);
    const objects: CheckedObject[] = [];
    for (const e of validator.index.entries.values()) {
      const found = validator.findingsFor(e.id);
      if (found.length === 0) continue;
      const counts = {
        errors: found.filter((f) => f.severity === 'error').length,
        warnings: found.filter((f) => f.severity === 'warning').length,
      };
      objects.push({ kind: e.kind, namespace: e.namespace, name: e.name, spec: e.object.spec, counts });
    }
    return configFindings(objects);
  } catch (err) {
    console.error('graph: validation failed, nodes carry no findings', err);
    return undefined;
  }
}

export function createTopologyCache(validators: LiveValidators): TopologyCache {
  const kept = new WeakMap<KubernetesSource, { changes: number; key: string; topology: GraphTopology }>();
  return {
    topologyOf(kubernetes, namespaces) {
      const key = [...namespaces].sort().join(',');
      const changes = kubernetes.changes();
      const last = kept.get(kubernetes);
      if (last && last.changes === changes && last.key === key) return last.topology;
      const topology = graphTopology(kubernetes, namespaces, liveFindings(validators, kubernetes));
      kept.set(kubernetes, { changes, key, topology });
      return topology;
    },
  };
}
