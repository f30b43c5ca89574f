import dagre from '@dagrejs/dagre';
import type { LayoutInput, Positions } from './graph-layout.js';

// Kiali's default: dagre, ranks left to right. Versions of one app share a compound (the app box) so dagre keeps them
// together. Its crossing minimisation grows much faster than the graph: above LAYERED_ABOVE nodes use layeredLayout.

export const LAYERED_ABOVE = 400;

export function dagreLayout({ nodes, edges }: LayoutInput, compound = true): Positions {
  const g = new dagre.graphlib.Graph({ compound, multigraph: false });
  g.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 90, marginx: 10, marginy: 10 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, { width: n.width, height: n.height });
  if (compound) {
    for (const n of nodes) {
      if (!n.parent) continue;
      if (!g.hasNode(n.parent)) g.setNode(n.parent, {});
      g.setParent(n.id, n.parent);
    }
  }
  for (const e of edges)
    if (e.source !== e.target && g.hasNode(e.source) && g.hasNode(e.target)) g.setEdge(e.source, e.target);
  try {
    dagre.layout(g);
  } catch (err) {
    // dagre's compound ranking has known failures on some cyclic graphs; the flat layout still works.
    if (compound) return dagreLayout({ nodes, edges }, false);
    throw err;
  }
  const positions: Positions = {};
  for (const n of nodes) {
    const p = g.node(n.id);
    positions[n.id] = { x: p.x, y: p.y };
  }
  return positions;
}
