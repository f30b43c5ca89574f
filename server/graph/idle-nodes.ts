// Kiali's idle-node appender: workloads (and, with service nodes, services) of the asked namespaces that saw no
// requests in the window still get a node, flagged idle.
import { DEFAULT_CLUSTER, type GraphType } from '../../lib/api/graph.js';
import type { WorkloadModel } from '../mesh/build-workloads.js';
import { nodeOf, type EdgeSet } from './graph-edges.js';
import { serviceNode, workloadSideNode } from './node-identity.js';

/** The part of buildGraph's input that idle nodes are drawn from. */
export interface IdleScope {
  graphType: GraphType;
  /** Namespaces asked for; empty = all. */
  namespaces: readonly string[];
  injectServiceNodes: boolean;
  topology: {
    workloads: ReadonlyMap<string, readonly Pick<WorkloadModel, 'name' | 'app' | 'version'>[]>;
    services: ReadonlyMap<string, readonly string[]>;
  };
}

/** Adds the idle nodes in place; returns their ids. */
export function addIdleNodes(set: EdgeSet, input: IdleScope): Set<string> {
  const idle = new Set<string>();
  const namespaces = input.namespaces.length > 0 ? input.namespaces : [...input.topology.workloads.keys()];
  const identityType = input.graphType === 'service' ? null : input.graphType;
  for (const namespace of namespaces) {
    if (identityType) {
      for (const w of input.topology.workloads.get(namespace) ?? []) {
        const identity = workloadSideNode(
          { cluster: DEFAULT_CLUSTER, namespace, workload: w.name, app: w.app ?? w.name, version: w.version },
          identityType,
        );
        if (!set.nodes.has(identity.id)) idle.add(nodeOf(set, identity));
      }
    }
    if (input.injectServiceNodes || input.graphType === 'service') {
      for (const name of input.topology.services.get(namespace) ?? []) {
        const identity = serviceNode(DEFAULT_CLUSTER, namespace, name);
        if (!set.nodes.has(identity.id)) idle.add(nodeOf(set, identity));
      }
    }
  }
  return idle;
}
