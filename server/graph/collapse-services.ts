// The service graph (Kiali's): build the workload graph with every service drawn, then fold each workload into the
// service that brings it most of its traffic. Callers that no service leads to (gateways, clients outside the
// mesh) stay as they are, so the graph still starts somewhere.
import { edgeOf, mergeEdge, type EdgeSet } from './graph-edges.js';

export function collapseIntoServices(set: EdgeSet): EdgeSet {
  const typeOf = (id: string) => set.nodes.get(id)?.identity.nodeType;
  const home = new Map<string, { service: string; rps: number }>();
  for (const e of set.edges.values()) {
    if (typeOf(e.source) !== 'service' || typeOf(e.target) !== 'workload') continue;
    const best = home.get(e.target);
    const weight = e.rps + e.bps;
    if (!best || weight > best.rps) home.set(e.target, { service: e.source, rps: weight });
  }
  const out: EdgeSet = { nodes: new Map(), edges: new Map() };
  for (const [id, node] of set.nodes) {
    if (home.has(id)) continue;
    out.nodes.set(id, node.identity.nodeType === 'service' ? { ...node, isInjected: false } : node);
  }
  for (const e of set.edges.values()) {
    if (home.get(e.target)?.service === e.source) continue; // inside the service now
    const source = home.get(e.source)?.service ?? e.source;
    const target = home.get(e.target)?.service ?? e.target;
    mergeEdge(edgeOf(out, source, target, e.protocol), e);
  }
  return out;
}
