import type { GraphEdge, GraphNode } from '../../../lib/api/graph.js';
import { codeRecord } from '../../../lib/code-record.js';

// Large graphs open grouped: one aggregate node per namespace, expanded on click into its apps, then an app into its
// nodes. Pure and linear: each node is mapped to the node it is drawn as once, each edge is folded once.

export interface Expansion {
  namespaces: ReadonlySet<string>;
  /** `namespace/app` keys. */
  apps: ReadonlySet<string>;
}

export interface GroupedGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** How many nodes of the full graph each aggregate stands for. */
  members: Map<string, number>;
}

export const namespaceGroupId = (namespace: string) => `group:ns:${namespace}`;
export const appGroupId = (namespace: string, app: string) => `group:app:${namespace}/${app}`;

const HEALTH_ORDER = ['Failure', 'Degraded', 'Not Ready', 'Healthy', 'NA'] as const;

function emptyAggregate(id: string, namespace: string, cluster: string, app?: string): GraphNode {
  return {
    id,
    nodeType: 'aggregate',
    cluster,
    namespace,
    ...(app === undefined ? {} : { app }),
    hasSidecar: true,
    health: null,
    badges: [],
    traffic: { inbound: { rps: 0, errorRatio: 0, bps: 0 }, outbound: { rps: 0, errorRatio: 0, bps: 0 } },
  };
}

function addTraffic(into: GraphNode['traffic']['inbound'], add: GraphNode['traffic']['inbound']) {
  const rps = into.rps + add.rps;
  into.errorRatio = rps > 0 ? (into.errorRatio * into.rps + add.errorRatio * add.rps) / rps : 0;
  into.rps = rps;
  into.bps += add.bps;
}

function worstHealth(a: GraphNode['health'], b: GraphNode['health']): GraphNode['health'] {
  if (!a) return b;
  if (!b) return a;
  return HEALTH_ORDER.indexOf(a.status) <= HEALTH_ORDER.indexOf(b.status) ? a : b;
}

export function groupGraph(nodes: GraphNode[], edges: GraphEdge[], expansion: Expansion): GroupedGraph {
  const shownAs = new Map<string, string>();
  const aggregates = new Map<string, GraphNode>();
  const members = new Map<string, number>();
  const out: GraphNode[] = [];
  for (const node of nodes) {
    let id = node.id;
    let aggregate: GraphNode | undefined;
    if (!expansion.namespaces.has(node.namespace)) {
      id = namespaceGroupId(node.namespace);
      aggregate = aggregates.get(id) ?? emptyAggregate(id, node.namespace, node.cluster);
    } else if (node.app && !expansion.apps.has(`${node.namespace}/${node.app}`)) {
      id = appGroupId(node.namespace, node.app);
      aggregate = aggregates.get(id) ?? emptyAggregate(id, node.namespace, node.cluster, node.app);
    }
    shownAs.set(node.id, id);
    if (!aggregate) {
      out.push(node);
      continue;
    }
    if (!aggregates.has(id)) {
      aggregates.set(id, aggregate);
      out.push(aggregate);
    }
    members.set(id, (members.get(id) ?? 0) + 1);
    addTraffic(aggregate.traffic.inbound, node.traffic.inbound);
    addTraffic(aggregate.traffic.outbound, node.traffic.outbound);
    aggregate.health = worstHealth(aggregate.health, node.health);
    aggregate.hasSidecar &&= node.hasSidecar;
    if (node.isOutside) aggregate.isOutside = true;
  }

  const folded = new Map<string, GraphEdge & { mtlsWeight: number; latencyWeight: number }>();
  const kept: GraphEdge[] = [];
  for (const edge of edges) {
    const source = shownAs.get(edge.source) ?? edge.source;
    const target = shownAs.get(edge.target) ?? edge.target;
    if (source === edge.source && target === edge.target) {
      kept.push(edge);
      continue;
    }
    if (source === target) continue; // traffic inside one group
    const id = `${source}->${target}:${edge.protocol}`;
    let into = folded.get(id);
    if (!into) {
      into = {
        id,
        source,
        target,
        protocol: edge.protocol,
        rps: 0,
        share: 0,
        errorRatio: 0,
        http4xxRatio: 0,
        http5xxRatio: 0,
        mtlsRatio: null,
        tls: edge.tls,
        bps: 0,
        responseCodes: codeRecord(),
        mtlsWeight: 0,
        latencyWeight: 0,
      };
      folded.set(id, into);
    }
    const rps = into.rps + edge.rps;
    const weigh = (a: number, b: number) => (rps > 0 ? (a * into.rps + b * edge.rps) / rps : 0);
    into.errorRatio = weigh(into.errorRatio, edge.errorRatio);
    into.http4xxRatio = weigh(into.http4xxRatio, edge.http4xxRatio);
    into.http5xxRatio = weigh(into.http5xxRatio, edge.http5xxRatio);
    if (edge.mean !== undefined) {
      const w = into.latencyWeight + edge.rps;
      into.mean = w > 0 ? ((into.mean ?? 0) * into.latencyWeight + edge.mean * edge.rps) / w : edge.mean;
      into.latencyWeight = w;
    }
    // Quantiles do not add up; the slowest member's is an upper bound a person can still act on.
    for (const q of ['p50', 'p95', 'p99'] as const) {
      if (edge[q] !== undefined) into[q] = Math.max(into[q] ?? 0, edge[q]);
    }
    if (edge.mtlsRatio !== null) {
      const weight = edge.rps || 1;
      into.mtlsRatio = ((into.mtlsRatio ?? 0) * into.mtlsWeight + edge.mtlsRatio * weight) / (into.mtlsWeight + weight);
      into.mtlsWeight += weight;
    }
    if (into.tls !== edge.tls) into.tls = 'mixed';
    if (edge.denied) {
      const d = (into.denied ??= { rbac: 0, jwt: 0, causes: [] });
      d.rbac += edge.denied.rbac;
      d.jwt += edge.denied.jwt;
      d.causes.push(...edge.denied.causes);
    }
    into.rps = rps;
    into.bps = (into.bps ?? 0) + (edge.bps ?? 0);
    for (const [code, rate] of Object.entries(edge.responseCodes)) {
      const sum = (into.responseCodes[code] ??= { rps: 0, flags: {} });
      const flags: Record<string, number> = sum.flags;
      sum.rps += rate.rps;
      for (const [flag, r] of Object.entries(rate.flags as Record<string, number>))
        flags[flag] = (flags[flag] ?? 0) + r;
    }
    if (edge.compare !== undefined) {
      into.compare =
        edge.compare === null && into.compare == null
          ? null
          : {
              rps: (into.compare?.rps ?? 0) + (edge.compare?.rps ?? 0),
              errorRatio: Math.max(into.compare?.errorRatio ?? 0, edge.compare?.errorRatio ?? 0),
            };
    }
  }
  if (folded.size === 0) return { nodes: out, edges: kept, members };

  // A folded edge's share is of its (possibly aggregate) source's outbound requests as drawn.
  const outbound = new Map<string, number>();
  for (const edge of [...kept, ...folded.values()])
    outbound.set(edge.source, (outbound.get(edge.source) ?? 0) + edge.rps);
  const result: GraphEdge[] = kept;
  for (const { mtlsWeight: _m, latencyWeight: _l, ...edge } of folded.values()) {
    const total = outbound.get(edge.source) ?? 0;
    result.push({ ...edge, share: total > 0 ? edge.rps / total : 0 });
  }
  return { nodes: out, edges: result, members };
}
