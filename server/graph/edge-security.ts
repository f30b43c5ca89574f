// An edge's security as the graph shows it: how its servers received it (mTLS, plaintext a sidecar accepted,
// plaintext to a workload without one) and the refusals the refusing proxies' logs confirm. Pure.
import type { EdgeTls, GraphEdge, GraphNode } from '../../lib/api/graph.js';
import type { EdgeDenials } from './denial-evidence.js';
import type { EdgeTally } from './graph-edges.js';

const sig = (x: number) => Number(x.toPrecision(4));

/** The edge's security as the servers' proxies reported it; 'unknown' when none did (settled with the nodes). */
export function tlsOf(e: EdgeTally): EdgeTls {
  if (e.mtlsBase <= 0) return 'unknown';
  if (e.mtls >= e.mtlsBase * 0.9995) return 'mutual';
  return e.mtls <= 0 ? 'plaintext' : 'mixed';
}

export function deniedOf(d: EdgeDenials | null): GraphEdge['denied'] {
  if (!d || d.rbac + d.jwt <= 0) return undefined;
  return {
    rbac: sig(d.rbac),
    jwt: sig(d.jwt),
    causes: d.causes.sort((a, b) => b.rps - a.rps).map(({ cause, rps }) => ({ ...cause, rps: sig(rps) })),
  };
}

/**
 * Edges no server proxy reported: plaintext to a workload without a sidecar when the node(s) that answered have none
 * (through a service node: every workload it leads to), else unknown (outside the mesh, or refused at a gateway).
 */
export function settleTls(edges: GraphEdge[], nodes: readonly GraphNode[]): void {
  const byId = new Map<string, GraphNode>();
  for (const n of nodes) byId.set(n.id, n);
  const workloadLike = (n: GraphNode | undefined) =>
    n !== undefined && (n.nodeType === 'workload' || n.nodeType === 'app');
  const leadsTo = new Map<string, GraphNode[]>();
  for (const e of edges) {
    if (byId.get(e.source)?.nodeType !== 'service') continue;
    const target = byId.get(e.target);
    if (!target) continue;
    const list = leadsTo.get(e.source);
    if (list) list.push(target);
    else leadsTo.set(e.source, [target]);
  }
  for (const e of edges) {
    if (e.tls !== 'unknown') continue;
    const target = byId.get(e.target);
    const servers = target?.nodeType === 'service' ? (leadsTo.get(e.target) ?? []) : target ? [target] : [];
    if (servers.length > 0 && servers.every((n) => workloadLike(n) && !n.hasSidecar)) e.tls = 'no-sidecar';
  }
}
