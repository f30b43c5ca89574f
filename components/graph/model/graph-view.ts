import type { GraphEdge, GraphNode } from '../../../lib/api/graph.js';
import { matchesEdge, matchesNode, type FindExpr } from './graph-find.js';
import { groupGraph, type Expansion } from './graph-group.js';

// What the canvas draws from what the API answered: hidden elements removed, large graphs grouped, found ones marked.

export interface ViewInput {
  nodes: GraphNode[];
  edges: GraphEdge[];
  hide: FindExpr | null;
  find: FindExpr | null;
  /** null = not grouped. */
  expansion: Expansion | null;
}

export interface GraphView {
  nodes: GraphNode[];
  edges: GraphEdge[];
  members: Map<string, number>;
  hiddenCount: number;
  found: Set<string>;
}

/** Removes what `hide` matches, the edges of removed nodes, and nodes whose every edge was hidden. */
export function hideElements(nodes: GraphNode[], edges: GraphEdge[], hide: FindExpr) {
  const removed = new Set<string>();
  for (const n of nodes) if (matchesNode(hide, n)) removed.add(n.id);
  const hadEdges = new Set<string>();
  const keptEdges: GraphEdge[] = [];
  const stillLinked = new Set<string>();
  for (const e of edges) {
    hadEdges.add(e.source);
    hadEdges.add(e.target);
    if (removed.has(e.source) || removed.has(e.target) || matchesEdge(hide, e)) continue;
    keptEdges.push(e);
    stillLinked.add(e.source);
    stillLinked.add(e.target);
  }
  const keptNodes = nodes.filter((n) => !removed.has(n.id) && (!hadEdges.has(n.id) || stillLinked.has(n.id)));
  return {
    nodes: keptNodes,
    edges: keptEdges,
    hiddenCount: nodes.length - keptNodes.length + edges.length - keptEdges.length,
  };
}

export function graphView({ nodes, edges, hide, find, expansion }: ViewInput): GraphView {
  let hiddenCount = 0;
  if (hide) ({ nodes, edges, hiddenCount } = hideElements(nodes, edges, hide));
  let members = new Map<string, number>();
  if (expansion) ({ nodes, edges, members } = groupGraph(nodes, edges, expansion));
  const found = new Set<string>();
  if (find) {
    for (const n of nodes) if (matchesNode(find, n)) found.add(n.id);
    for (const e of edges) if (matchesEdge(find, e)) found.add(e.id);
  }
  return { nodes, edges, members, hiddenCount, found };
}
