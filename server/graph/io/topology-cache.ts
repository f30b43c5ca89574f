// A graph's topology depends only on the watch cache and the namespaces drawn; at thousands of workloads it takes a
// few hundred milliseconds, so it is kept (one per cluster) until the cache changes or other namespaces are asked.
// The object that keeps it is created once per process (server/caches.ts) and handed to loadGraph.
import type { KubernetesSource } from '../../sources/kubernetes.js';
import { log } from '../../observability/log.js';
import { WalkableWeakMap } from '../../walkable-weak-map.js';
import type { LiveValidators } from '../../validation/io/live-validator.js';
import type { GraphTopology } from '../build-graph.js';
import type { ConfigFindings } from '../config-findings.js';
import { graphTopology } from '../graph-topology.js';
import { createGraphFindings, type GraphFindings } from '../graph-findings.js';

export interface TopologyCache {
  /** The topology of these namespaces, built again only when the cache changed or the namespaces differ. */
  topologyOf(kubernetes: KubernetesSource, namespaces: ReadonlySet<string>): GraphTopology;
  /** Topologies kept (one per cluster or person's view still in use), for /metrics. */
  held(): number;
}

/** Findings of the live validator, by what they touch; none when validation fails (the graph does not need it). */
function liveFindings(
  validators: LiveValidators,
  sums: GraphFindings,
  kubernetes: KubernetesSource,
): ConfigFindings | undefined {
  try {
    return sums.of(validators.validatorOf(kubernetes));
  } catch (err) {
    log.error('graph: validation failed, nodes carry no findings', { err, cluster: kubernetes.cluster });
    return undefined;
  }
}

export function createTopologyCache(validators: LiveValidators): TopologyCache {
  const sums = createGraphFindings();
  const kept = new WalkableWeakMap<KubernetesSource, { changes: number; key: string; topology: GraphTopology }>();
  return {
    topologyOf(kubernetes, namespaces) {
      const key = [...namespaces].sort().join(',');
      const changes = kubernetes.changes();
      const last = kept.get(kubernetes);
      if (last && last.changes === changes && last.key === key) return last.topology;
      const topology = graphTopology(kubernetes, namespaces, liveFindings(validators, sums, kubernetes));
      kept.set(kubernetes, { changes, key, topology });
      return topology;
    },
    held: () => [...kept.values()].length,
  };
}
