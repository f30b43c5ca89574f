// The graph as sent: fields that hold their contract's default are left out (lib/api/graph.ts puts them back when
// the browser parses), and so is an edge's id, which its ends and protocol make. Most of a large mesh is healthy
// edges between sidecars, so this halves the JSON.
import { DEFAULT_CLUSTER, edgeId, type GraphEdge, type GraphNode, type GraphResponse } from '../../lib/api/graph.js';
import { codeRecord } from '../../lib/code-record.js';

type Direction = GraphNode['traffic']['inbound'];

function compactDirection(d: Direction): Partial<Direction> | undefined {
  const out: Partial<Direction> = {};
  if (d.rps !== 0) out.rps = d.rps;
  if (d.errorRatio !== 0) out.errorRatio = d.errorRatio;
  if (d.bps !== 0) out.bps = d.bps;
  return Object.keys(out).length > 0 ? out : undefined;
}

function compactNode(node: GraphNode): Partial<GraphNode> {
  const { hasSidecar, badges, traffic, cluster, ...rest } = node;
  const out: Record<string, unknown> = rest;
  if (cluster !== DEFAULT_CLUSTER) out['cluster'] = cluster;
  if (!hasSidecar) out['hasSidecar'] = false;
  if (badges.length > 0) out['badges'] = badges;
  const inbound = compactDirection(traffic.inbound);
  const outbound = compactDirection(traffic.outbound);
  if (inbound || outbound) out['traffic'] = { ...(inbound && { inbound }), ...(outbound && { outbound }) };
  return out;
}

function compactEdge(edge: GraphEdge): Record<string, unknown> {
  const { id, protocol, share, mtlsRatio, tls, responseCodes, errorRatio, http4xxRatio, http5xxRatio, ...rest } = edge;
  const out: Record<string, unknown> = rest;
  if (id !== edgeId(edge.source, edge.target, protocol)) out['id'] = id;
  if (protocol !== 'http') out['protocol'] = protocol;
  if (share !== 1) out['share'] = share;
  if (mtlsRatio !== 1) out['mtlsRatio'] = mtlsRatio;
  if (tls !== 'mutual') out['tls'] = tls;
  // A code that carried no Envoy flag is just its rate.
  const codes = codeRecord<number | GraphEdge['responseCodes'][string]>();
  for (const code in responseCodes) {
    const c = responseCodes[code]!;
    const flags = Object.keys(c.flags);
    codes[code] = flags.length === 1 && flags[0] === '-' && c.flags['-'] === c.rps ? c.rps : c;
  }
  out['responseCodes'] = codes;
  if (errorRatio !== 0) out['errorRatio'] = errorRatio;
  if (http4xxRatio !== 0) out['http4xxRatio'] = http4xxRatio;
  if (http5xxRatio !== 0) out['http5xxRatio'] = http5xxRatio;
  return out;
}

export function compactGraph(graph: GraphResponse): unknown {
  return { ...graph, nodes: graph.nodes.map(compactNode), edges: graph.edges.map(compactEdge) };
}
